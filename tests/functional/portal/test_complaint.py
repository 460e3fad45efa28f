""""Formuler une réclamation": stored with a reference, acknowledged at the professional address."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from werkzeug.test import TestResponse

from idp.accounts.models import Voter
from idp.context import Idp
from idp.portal.models import Complaint
from tests.support.client import PageClient, text

LUCIE = "lucie.moreau@ac-nice.fr"
FORM = "/portail/reclamation"
REFERENCE = re.compile(r"REC-[0-9A-F]{8}")


def complaints(ctx: Idp) -> list[Complaint]:
    with ctx.db.session() as s:
        return list(s.scalars(select(Complaint)))


def file(portal: PageClient, subject: str = "Liste électorale incomplète",
         body: str = "Mon collègue n'apparaît pas sur la liste de la CAPA.") -> TestResponse:
    portal.get(FORM)
    return portal.submit(FORM, {"objet": subject, "message": body})


def test_a_complaint_is_stored_and_acknowledged_by_mail(lucie, idp_ctx, mailbox):
    response = file(lucie)
    assert response.status_code == 303
    home = text(lucie.follow())
    reference = REFERENCE.search(home)
    assert reference and "Votre réclamation a bien été enregistrée sous la référence" in home

    [stored] = complaints(idp_ctx)
    with idp_ctx.db.session() as s:
        assert stored.voter_id == s.scalar(select(Voter.id).where(Voter.email_pro == LUCIE))
    assert (stored.reference, stored.subject) == (reference.group(), "Liste électorale incomplète")
    assert stored.body == "Mon collègue n'apparaît pas sur la liste de la CAPA."

    mail = mailbox.last(LUCIE)
    assert mailbox.count(LUCIE) == 1
    assert reference.group() in mail.subject
    assert reference.group() in mail.body
    assert "« Liste électorale incomplète »" in mail.body


def test_each_complaint_gets_its_own_reference(lucie, idp_ctx):
    file(lucie)
    file(lucie, "Deuxième réclamation")
    assert len({c.reference for c in complaints(idp_ctx)}) == 2


def test_a_complaint_needs_a_subject_and_a_message(lucie, idp_ctx, mailbox):
    for fields in ({"objet": "", "message": "Texte"}, {"objet": "Objet", "message": "  "}):
        lucie.get(FORM)
        response = lucie.submit(FORM, fields)
        assert response.status_code == 400
        assert "Ce champ est obligatoire." in text(response)
    assert complaints(idp_ctx) == []
    assert mailbox.count(LUCIE) == 0


def test_an_overlong_complaint_is_refused(lucie, idp_ctx):
    response = file(lucie, body="x" * 4001)
    assert response.status_code == 400
    assert "Ce champ ne doit pas dépasser 4000 caractères." in text(response)
    assert complaints(idp_ctx) == []


def test_the_complaint_form_needs_a_signed_in_voter(portal):
    assert portal.get(FORM).status_code == 303


def test_when_the_mail_relay_is_down_nothing_is_stored(lucie_without_relay, relay_down_app):
    response = file(lucie_without_relay)
    assert response.status_code == 503
    assert "Le message n'a pas pu être envoyé pour le moment." in text(response)
    assert "Traceback" not in text(response)
    with relay_down_app.extensions["idp"].db.session() as s:
        assert s.scalar(select(func.count()).select_from(Complaint)) == 0
