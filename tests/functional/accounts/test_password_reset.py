""""Besoin du réassort de votre mot de passe Élections ?": a mailed link, a new password, sign in."""

from __future__ import annotations

from werkzeug.test import TestResponse

from tests.support.client import PageClient, text
from tests.support.journeys import PortalActions

LUCIE = "lucie.moreau@ac-nice.fr"
OLD = "Electeur-Demo-2022!"
NEW = "Nouveau-Mot2passe!"
RESET_FORM = "/portail/nouveau-mot-de-passe"


def ask_for_a_reset(actions: PortalActions) -> TestResponse:
    actions.identifier(LUCIE)
    actions.client.get("/portail/mot-de-passe")
    return actions.client.submit("/portail/mot-de-passe/reassort", {})


def test_the_reset_is_mailed_to_the_professional_address(actions, portal, mailbox):
    response = ask_for_a_reset(actions)
    assert response.status_code == 303
    assert "Un mail vient de vous être envoyé" in text(portal.follow())
    mail = mailbox.last(LUCIE)
    assert "réassort de votre mot de passe Élections" in mail.subject
    assert "/portail/reinitialisationmotdepasse.htm?token=" in mail.body
    assert "expire dans 1 heure" in mail.body


def test_the_new_password_replaces_the_old_one(actions, portal, idp_app, mailbox):
    ask_for_a_reset(actions)
    assert actions.open_link(LUCIE).status_code == 303
    assert "Réassort du mot de passe Élections" in text(portal.follow())
    response = actions.choose_password(NEW, path=RESET_FORM)
    assert response.status_code == 303
    assert "Votre nouveau mot de passe Élections est enregistré" in text(portal.follow())

    assert PortalActions(PageClient(idp_app), mailbox).sign_in(LUCIE, OLD).status_code == 401
    with_new = PortalActions(PageClient(idp_app), mailbox)
    assert with_new.sign_in(LUCIE, NEW).status_code == 303
    assert "Bienvenue sur votre portail Élections" in text(with_new.client.follow())


def test_the_new_password_follows_the_rules(actions, mailbox):
    ask_for_a_reset(actions)
    actions.open_link(LUCIE)
    response = actions.choose_password("motdepasse", path=RESET_FORM)
    assert response.status_code == 400
    assert "Le mot de passe ne respecte pas : entre 12 caractères et 256 caractères" in text(response)


def test_the_reset_link_works_once(actions, mailbox):
    ask_for_a_reset(actions)
    actions.open_link(LUCIE)
    actions.choose_password(NEW, path=RESET_FORM)
    assert actions.open_link(LUCIE).status_code == 410


def test_the_reset_form_needs_the_mailed_link(portal):
    assert portal.get(RESET_FORM).status_code == 409


def test_a_reset_needs_the_identifier_step_first(portal):
    portal.get("/portail/connexion")
    assert portal.submit("/portail/mot-de-passe/reassort", {}).status_code == 409
