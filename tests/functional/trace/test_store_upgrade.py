"""A trace store written by an older version (tokens whole, claims with personal values) is
rewritten by the schema upgrade: no token whole and no personal value survive it."""

from __future__ import annotations

import json
import re
import sqlite3
from contextlib import closing
from pathlib import Path

from alembic import command

from shared.db import alembic_config
from shared.trace import events as trace_events
from shared.trace.redact import PERSONAL, token_fingerprint
from tests.functional.trace.conftest import Signer

COMPLETE_JWS = re.compile(rb"ey[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")


def test_the_upgrade_masks_what_older_versions_kept(tmp_path: Path, signer: Signer) -> None:
    path = tmp_path / "trace.db"
    url = f"sqlite:///{path}"
    trace_events.upgrade(url)
    command.downgrade(alembic_config("shared", url, "trace/migrations"), "0001")
    id_token = signer.sign(sub="100002", nonce="n-1", sid="la-session", given_name="Lucie",
                           family_name="MOREAU", birthdate="1962-08-24", email="lucie.moreau@ac-nice.fr")
    old_view = {"role": "id_token", "format": "JWS", "sha256": "0123456789abcdef", "compact": id_token,
                "header": {"alg": "ES256", "kid": signer.kid},
                "claims": {"sub": "100002", "nonce": "n-1", "sid": "la-session", "given_name": "Lucie",
                           "family_name": "MOREAU", "birthdate": "1962-08-24", "email": "(masqué)"}}
    logout = {"status": 303, "location": f"https://fc.example/session/end?id_token_hint={id_token}&state=s"}
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("INSERT INTO trace_events (at, service, direction, label, endpoint, request, response,"
                   " jwts, checks, keys) VALUES ('2026-12-01 10:00:00', 'voting_rp', 'local', 'Vérification',"
                   " 'https://vote/cb', '{}', ?, ?, '[]', '[]')",
                   (json.dumps(logout), json.dumps([old_view])))

    trace_events.upgrade(url)

    stored = path.read_bytes() + b"".join(p.read_bytes() for p in tmp_path.glob("trace.db-*"))
    assert not COMPLETE_JWS.search(stored)
    for personal in ("Lucie", "MOREAU", "1962-08-24", "la-session"):
        assert personal.encode() not in stored, personal
    with closing(sqlite3.connect(path)) as db:
        response, jwts = db.execute("SELECT response, jwts FROM trace_events").fetchone()
    [view] = json.loads(jwts)
    assert "compact" not in view and view["sha256"] == token_fingerprint(id_token)
    assert view["claims"]["nonce"] == "n-1" and view["claims"]["family_name"] == PERSONAL
    assert "state=s" in json.loads(response)["location"]
