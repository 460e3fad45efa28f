"""Ballot secrecy by construction: the urne holds nothing that links a ballot to a voter, and the
vote database holds no ballot and no fingerprint."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from pathlib import Path

from flask import Flask
from sqlalchemy import select

from tests.functional.ballots.conftest import csrf_of, post_ballot
from tests.functional.ballots.test_vote import encrypted
from tests.support.ballots import signed_in
from voting_rp.context import Voting
from voting_rp.urne.models import Ballot

VOTERS = {"100001": "CSA-PROX-paris", "100002": "CSA-PROX-nice", "100003": "CSA-PROX-creteil",
          "100004": "CSA-PROX-nantes", "100005": "CSA-PROX-dijon", "100006": "CSA-PROX-nice"}


def everyone_votes(app: Flask, ctx: Voting) -> list[str]:
    """Twelve ballots in a known order of insertion; their contents, in that order."""
    sent = []
    for electeur, own in VOTERS.items():
        client = signed_in(app, electeur)
        for code in ("CSA-MIN", own):
            ballot = encrypted(ctx, code)
            token = csrf_of(client, f"/scrutins/{code}/bulletin")
            assert post_ballot(client, code, ballot, token).status_code == 303
            sent.append(ballot)
    return sent


def raw_bytes(path: Path) -> bytes:
    """The database file and its write-ahead log, as someone copying the disk would read them."""
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_the_urne_holds_only_ciphertexts_and_fingerprints(voting_app: Flask, ctx: Voting,
                                                          data_dir: Path) -> None:
    sent = everyone_votes(voting_app, ctx)
    with closing(sqlite3.connect(data_dir / "urne.db")) as urne:
        columns = {row[1] for row in urne.execute("PRAGMA table_info(urne_ballots)")}
        schema = urne.execute("SELECT sql FROM sqlite_master WHERE name = 'urne_ballots'").fetchone()[0]
        natural = [row[0] for row in urne.execute("SELECT content FROM urne_ballots")]
        ids = [row[0] for row in urne.execute("SELECT id FROM urne_ballots")]
        markers = {row[0] for row in urne.execute("SELECT pending FROM urne_ballots")}
    assert columns == {"id", "scrutin_code", "content", "fingerprint", "pending"}  # no voter, no time
    assert "WITHOUT ROWID" in schema  # no hidden insertion counter
    assert markers == {None}  # no token left once the votes are complete
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids) and len(set(ids)) == len(ids)
    assert sorted(natural) == sorted(sent) and natural != sent  # stored order is not the voting order
    disk = raw_bytes(data_dir / "urne.db")
    for electeur in VOTERS:
        assert electeur.encode() not in disk
    for needle in (b"ac-nice.fr", b"MOREAU", b"Lucie", b"en-cours"):
        assert needle not in disk


def test_the_vote_database_holds_no_ballot_and_no_fingerprint(voting_app: Flask, ctx: Voting,
                                                                data_dir: Path) -> None:
    everyone_votes(voting_app, ctx)
    with ctx.urne.database.session() as u:
        stored = u.execute(select(Ballot.fingerprint, Ballot.content)).all()
    disk = raw_bytes(data_dir / "voting_rp.db")
    for fingerprint, content in stored:
        assert fingerprint.encode() not in disk
        assert content.split(".")[3].encode() not in disk
    with closing(sqlite3.connect(data_dir / "voting_rp.db")) as vote:
        columns = {row[1] for row in vote.execute("PRAGMA table_info(emargements)")}
        assert vote.execute("SELECT count(*) FROM ballot_intents").fetchone()[0] == 0
    assert columns == {"id", "elector_id", "scrutin_id", "voted_at", "state"}


def test_urne_export_is_sorted_by_fingerprint(voting_app: Flask, ctx: Voting, data_dir: Path,
                                              tmp_path: Path) -> None:
    import json

    from tests.functional.ballots.test_count import run

    everyone_votes(voting_app, ctx)
    result = run(data_dir, "export-urne", "--out", str(tmp_path / "urne.json"))
    assert result.exit_code == 0, result.output
    exported = json.loads((tmp_path / "urne.json").read_text())
    assert [row["empreinte"] for row in exported] == sorted(row["empreinte"] for row in exported)
    assert set(exported[0]) == {"empreinte", "scrutin", "bulletin"} and len(exported) == 12
