"""The réassort link: sent with the information mail, single use, expiring, superseded, and the
regeneration that replaces the code at once (old code refused, new accepted)."""

from __future__ import annotations

import re
import threading
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select, text, update

from shared.messaging import DeliveryError
from shared.timeutil import utcnow
from tests.support.client import PageClient
from tests.support.mailbox import Mailbox
from voting_rp.context import Voting
from voting_rp.election.models import Elector
from voting_rp.election.service import elector
from voting_rp.reassort.models import ReassortLink
from voting_rp.reassort.service import ReassortRefused, regenerate_with_link, send_link
from voting_rp.voting_codes.service import CodeRefused, check_code

PERSONAL = "angela.perso@exemple.fr"
MOBILE = "+33612345678"


def _angela(ctx: Voting) -> Elector:
    angela = elector(ctx, "100001")
    assert angela is not None
    return angela


def _send(ctx: Voting, channel: str = "email", address: str = PERSONAL) -> None:
    send_link(ctx, _angela(ctx), path="question-defi", channel=channel, address=address,
              requester_address="203.0.113.7")


def _link_parts(url: str) -> tuple[str, str]:
    query = parse_qs(urlsplit(url).query)
    return query["electeurId"][0], query["token"][0]


def test_link_by_email_with_information_mail(voting_ctx, mailbox):
    _send(voting_ctx)
    info = mailbox.last("angela.dubois@ac-paris.fr")
    assert info.subject == "Demande de réassort de votre code de vote"  # the seeds' words (004)
    assert info.body.startswith("Bonjour Angela DUBOIS,\n\nVous avez demandé le réassort de votre code de "
                                "vote.\n\nUn lien cliquable vous a été envoyé par « mail » sur le canal "
                                "suivant : « a•••@exemple.fr ».\n\n")  # masked: it protects the voter
    assert PERSONAL not in info.body and "Si vous n'êtes pas à l'origine de cette demande" in info.body
    link = mailbox.last(PERSONAL)
    assert link.subject == "Procéder au réassort de votre code de vote"
    assert link.body.startswith("Bonjour Angela DUBOIS,\n\nVous avez demandé la réinitialisation de votre "
                                "code de vote.\n\nAfin de définir votre nouveau code de vote, veuillez "
                                "cliquer sur le lien ci-dessous :\nhttps://")
    assert "/reassort/code-vote?token=" in link.body and info.body.endswith("L'équipe élection\n")


def test_link_by_sms(voting_ctx, mailbox, sms_gateway):
    _send(voting_ctx, "sms", MOBILE)
    [sms] = sms_gateway.messages(MOBILE)
    assert "/reassort/code-vote?token=" in str(sms["body"])
    assert ("envoyé par « SMS » sur le canal suivant : « +33 6 •• •• •• 78 »"
            in mailbox.last("angela.dubois@ac-paris.fr").body)


def test_regeneration_replaces_the_code_and_the_link_is_single_use(voting_ctx, voting_app, mailbox, tmp_path):
    import json

    old = json.loads((tmp_path / "codes.json").read_text())["100001"]
    _send(voting_ctx)
    electeur_id, token = _link_parts(mailbox.last_link(PERSONAL))
    new = regenerate_with_link(voting_ctx, electeur_id, token)
    assert re.fullmatch(r"[A-Za-z0-9\-+*=]{16}", new)
    check_code(voting_ctx, _angela(voting_ctx), new, "203.0.113.7")
    with pytest.raises(CodeRefused):
        check_code(voting_ctx, _angela(voting_ctx), old, "203.0.113.7")
    with pytest.raises(ReassortRefused) as refused:
        regenerate_with_link(voting_ctx, electeur_id, token)
    assert refused.value.status == 410


def test_newer_request_supersedes_older_link(voting_ctx, mailbox):
    _send(voting_ctx)
    first = _link_parts(mailbox.last_link(PERSONAL))
    _send(voting_ctx)
    with pytest.raises(ReassortRefused, match="remplacé par une demande plus récente"):
        regenerate_with_link(voting_ctx, *first)
    regenerate_with_link(voting_ctx, *_link_parts(mailbox.last_link(PERSONAL)))


def test_expired_tampered_and_foreign_links_are_refused(voting_ctx, mailbox):
    _send(voting_ctx)
    electeur_id, token = _link_parts(mailbox.last_link(PERSONAL))
    for args in ((electeur_id, token[:-2] + "xx"), ("100002", token), (electeur_id, ""), ("", token)):
        with pytest.raises(ReassortRefused):
            regenerate_with_link(voting_ctx, *args)
    with voting_ctx.db.session() as s:
        s.execute(update(ReassortLink).values(expires_at=utcnow() - timedelta(seconds=1)))
    with pytest.raises(ReassortRefused, match="expiré"):
        regenerate_with_link(voting_ctx, electeur_id, token)


def test_two_regenerations_racing_leave_exactly_one_valid_code(voting_ctx: Voting, mailbox: Mailbox) -> None:
    _send(voting_ctx)
    electeur_id, token = _link_parts(mailbox.last_link(PERSONAL))
    results: list[object] = []

    def attempt() -> None:
        try:
            results.append(regenerate_with_link(voting_ctx, electeur_id, token))
        except ReassortRefused as refused:
            results.append(refused)

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    codes = [r for r in results if isinstance(r, str)]
    assert len(codes) == 1
    check_code(voting_ctx, _angela(voting_ctx), codes[0], "203.0.113.7")


def test_smtp_down_creates_no_link_and_can_be_retried(voting_ctx, mailbox):
    mailbox.stop()
    with pytest.raises(DeliveryError):
        _send(voting_ctx)
    with voting_ctx.db.session() as s:
        assert s.scalars(select(ReassortLink)).all() == []


def test_sms_gateway_down_creates_no_link(voting_ctx, mailbox, sms_gateway):
    voting_ctx.sms._url = "http://127.0.0.1:9/api/sms"  # nothing listens on the discard port
    with pytest.raises(DeliveryError):
        _send(voting_ctx, "sms", MOBILE)
    with voting_ctx.db.session() as s:
        assert s.scalars(select(ReassortLink)).all() == []
    subjects = {m.subject: m for m in mailbox.messages(_angela(voting_ctx).email_pro)}
    assert "Demande de réassort de votre code de vote" in subjects
    withdrawn = subjects["Demande de réassort non aboutie"]  # what the first mail said is taken back
    assert "n'a finalement pas pu être envoyé" in withdrawn.body and "•• •• •• 78" in withdrawn.body


def test_personal_channels_never_reach_the_database_or_logs(voting_ctx, voting_app, mailbox, sms_gateway,
                                                           caplog):
    caplog.set_level("DEBUG")
    _send(voting_ctx)
    _send(voting_ctx, "sms", MOBILE)
    with voting_ctx.db.session() as s:
        dump = "\n".join(str(row) for table in ("reassort_links", "electors", "kv_entries")
                         for row in s.execute(text(f"SELECT * FROM {table}")))  # noqa: S608
    for secret in (PERSONAL, MOBILE, "0612345678"):
        assert secret not in dump
        assert secret not in caplog.text


def test_link_page_then_regeneration_through_http(voting_app, voting_ctx, mailbox):
    _send(voting_ctx)
    browser = PageClient(voting_app)
    link = urlsplit(mailbox.last_link(PERSONAL))
    page = browser.get(f"{link.path}?{link.query}")
    assert page.status_code == 200 and "REGENERER MON CODE DE VOTE" in browser.text()
    electeur_id, token = _link_parts(mailbox.last_link(PERSONAL))
    shown = browser.submit("/reassort/code-vote", {"token": token, "electeurId": electeur_id})
    assert shown.status_code == 200 and "no-store" in shown.headers["Cache-Control"]
    assert "Vous disposez de" in browser.text()
    again = browser.get(f"{link.path}?{link.query}")
    assert again.status_code == 410 and "plus valide" in browser.text()
