""""Formulaire de demande d'assistance": stored with a reference and confirmed by mail."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from werkzeug.test import TestResponse

from idp.context import Idp
from idp.portal.models import AssistanceRequest
from tests.support.client import PageClient, text

LUCIE = "lucie.moreau@ac-nice.fr"
FORM = "/portail/assistance"
REFERENCE = re.compile(r"AST-[0-9A-F]{8}")


def requests(ctx: Idp) -> list[AssistanceRequest]:
    with ctx.db.session() as s:
        return list(s.scalars(select(AssistanceRequest)))


def ask(portal: PageClient, topic: str = "code",
        body: str = "Je n'ai pas reçu ma notice de vote.") -> TestResponse:
    portal.get(FORM)
    return portal.submit(FORM, {"sujet": topic, "message": body})


def test_a_request_is_stored_and_confirmed_by_mail(lucie, idp_ctx, mailbox):
    response = ask(lucie)
    assert response.status_code == 303
    home = text(lucie.follow())
    reference = REFERENCE.search(home)
    assert reference and "Votre demande d'assistance a bien été enregistrée" in home

    [stored] = requests(idp_ctx)
    assert (stored.reference, stored.topic) == (reference.group(), "code")
    assert stored.body == "Je n'ai pas reçu ma notice de vote."
    mail = mailbox.last(LUCIE)
    assert reference.group() in mail.subject and reference.group() in mail.body
    assert "Code de vote (notice non reçue, réassort)" in mail.body


def test_the_topic_must_come_from_the_list(lucie, idp_ctx, mailbox):
    response = ask(lucie, topic="piratage")
    assert response.status_code == 400
    assert "N'est pas un choix valide." in text(response)
    assert requests(idp_ctx) == []
    assert mailbox.count(LUCIE) == 0


def test_a_request_needs_a_message(lucie, idp_ctx):
    response = ask(lucie, body="")
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in text(response)
    assert requests(idp_ctx) == []


def test_when_the_mail_relay_is_down_nothing_is_stored(lucie_without_relay, relay_down_app):
    response = ask(lucie_without_relay)
    assert response.status_code == 503
    assert "Le message n'a pas pu être envoyé pour le moment." in text(response)
    with relay_down_app.extensions["idp"].db.session() as s:
        assert s.scalar(select(func.count()).select_from(AssistanceRequest)) == 0
