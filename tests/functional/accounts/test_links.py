"""Mailed one-time links: single use, the newest only, expiring, bound to the voter, hashed at rest."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import select, update
from werkzeug.test import TestResponse

from idp.accounts.models import OneTimeLink
from shared.timeutil import utcnow
from tests.support.client import PageClient, text
from tests.support.mailbox import LINK

NEW = "hugo.leroy@ac-nantes.fr"
OTHER_VOTER_ID = "100005"  # ines.fontaine@ac-dijon.fr
INVALID = "Ce lien n'est pas ou plus valide"


def link_in(body: str) -> tuple[str, str, str]:
    """Path, token and electeurId of the link of a mail."""
    parts = urlsplit(LINK.findall(body)[0])
    query = parse_qs(parts.query)
    return parts.path, query["token"][0], query["electeurId"][0]


def visit(portal: PageClient, path: str, token: str, electeur_id: str) -> TestResponse:
    return portal.get(f"{path}?token={token}&electeurId={electeur_id}")


def refused(response: TestResponse) -> bool:
    return response.status_code == 410 and INVALID in text(response) and "Traceback" not in text(response)


def test_a_link_works_once(actions):
    actions.identifier(NEW)
    assert actions.open_link(NEW).status_code == 303
    assert refused(actions.open_link(NEW))


def test_an_older_link_stops_working_once_a_newer_one_is_mailed(actions, portal, mailbox):
    actions.identifier(NEW)
    actions.identifier(NEW)
    newest, older = (link_in(message.body) for message in mailbox.messages(NEW))
    assert newest != older
    assert refused(visit(portal, *older))
    assert visit(portal, *newest).status_code == 303


def test_an_expired_link_is_refused(actions, idp_ctx):
    actions.identifier(NEW)
    with idp_ctx.db.session() as s:
        s.execute(update(OneTimeLink).values(expires_at=utcnow() - timedelta(seconds=1)))
    assert refused(actions.open_link(NEW))


def test_an_activation_link_lasts_a_day(actions, idp_ctx, mailbox):
    actions.identifier(NEW)
    with idp_ctx.db.session() as s:
        link = s.scalar(select(OneTimeLink))
        assert link.expires_at - link.created_at == timedelta(hours=24)
    assert "expire dans 24 heures" in mailbox.last(NEW).body


def test_a_link_with_another_electeur_id_is_refused(actions, portal, mailbox):
    actions.identifier(NEW)
    path, token, _electeur_id = link_in(mailbox.last(NEW).body)
    assert refused(visit(portal, path, token, OTHER_VOTER_ID))


def test_a_tampered_token_is_refused(actions, portal, mailbox):
    actions.identifier(NEW)
    path, token, electeur_id = link_in(mailbox.last(NEW).body)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert refused(visit(portal, path, tampered, electeur_id))
    assert refused(visit(portal, path, "", electeur_id))
    assert refused(visit(portal, path, token + "x" * 100, electeur_id))


def test_an_activation_token_does_not_open_the_password_reset(actions, portal, mailbox):
    actions.identifier(NEW)
    _path, token, electeur_id = link_in(mailbox.last(NEW).body)
    assert refused(visit(portal, "/portail/reinitialisationmotdepasse.htm", token, electeur_id))


def test_the_database_keeps_only_the_sha256_of_the_token(actions, mailbox, idp_ctx):
    actions.identifier(NEW)
    _path, token, _electeur_id = link_in(mailbox.last(NEW).body)
    with idp_ctx.db.session() as s:
        assert s.scalars(select(OneTimeLink.digest)).all() == [hashlib.sha256(token.encode()).hexdigest()]
    idp_ctx.db.engine.dispose()
    database = Path(idp_ctx.settings.database_url.removeprefix("sqlite:///"))
    files = [f for f in database.parent.iterdir() if f.name.startswith(database.name)]
    assert files
    for file in files:
        assert token.encode() not in file.read_bytes()
