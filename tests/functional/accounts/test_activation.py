"""First access: identifier → mailed link → password → question défi → activated (seed 002)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from idp.accounts.models import OneTimeLink
from idp.accounts.service import find_voter
from idp.context import Idp
from shared.hashing import normalise_answer
from tests.support.client import PageClient, text
from tests.support.journeys import PortalActions

NEW = "hugo.leroy@ac-nantes.fr"
PASSWORD = "Nouveau-Mot2passe!"


def nothing_stored(idp_ctx: Idp) -> bool:
    voter = find_voter(idp_ctx, NEW)
    assert voter is not None, NEW
    return (voter.password_hash, voter.challenge_question, voter.challenge_answer_hash,
            voter.activated_at) == (None, None, None, None)


@pytest.fixture
def at_password_step(actions: PortalActions) -> PortalActions:
    """The voter followed the mailed link and sees "Initialisation du mot de passe Élections"."""
    actions.identifier(NEW)
    assert actions.open_link(NEW).status_code == 303
    return actions


@pytest.fixture
def at_challenge_step(at_password_step: PortalActions) -> PortalActions:
    assert at_password_step.choose_password(PASSWORD).status_code == 303
    return at_password_step


def test_first_access_activates_the_account(portal, mailbox, idp_ctx):
    actions = PortalActions(portal, mailbox)
    response = actions.identifier(NEW)
    assert response.status_code == 303
    assert "Un mail vient de vous être envoyé" in portal.follow().get_data(as_text=True)
    assert "/portail/activationportail.htm?token=" in mailbox.last(NEW).body

    assert actions.open_link(NEW).status_code == 303
    assert "Initialisation du mot de passe Élections" in portal.follow().get_data(as_text=True)
    assert actions.choose_password(PASSWORD).status_code == 303
    response = actions.choose_challenge("voiture", "Peugeot 205")
    assert response.status_code == 303
    home = portal.follow().get_data(as_text=True)
    assert "Votre compte a bien été activé" in home
    assert "Bienvenue sur votre portail Élections" in home

    voter = find_voter(idp_ctx, NEW)
    assert voter.is_activated and voter.challenge_question == "voiture"
    assert PASSWORD not in (voter.password_hash or "")


def test_the_answer_is_kept_without_case_accents_or_extra_spaces(at_challenge_step, idp_ctx):
    assert at_challenge_step.choose_challenge("voiture", "  Citroën  Xsara ").status_code == 303
    stored = find_voter(idp_ctx, NEW).challenge_answer_hash
    assert idp_ctx.hasher.verify(stored, normalise_answer("CITROEN xsara"))
    assert not idp_ctx.hasher.verify(stored, normalise_answer("Citroën Saxo"))


def test_the_activated_voter_signs_in_with_the_chosen_password(at_challenge_step, idp_app, mailbox):
    at_challenge_step.choose_challenge()
    later = PortalActions(PageClient(idp_app), mailbox)
    assert later.sign_in(NEW, PASSWORD).status_code == 303
    assert mailbox.count(NEW) == 1


def test_access_without_activation_opens_this_session_only_and_stores_nothing(
        at_challenge_step, portal, idp_app, idp_ctx, mailbox):
    response = at_challenge_step.choose_challenge(activate=False)
    assert response.status_code == 303
    home = text(portal.follow())
    assert "Bienvenue sur votre portail Élections" in home
    assert "sans activer votre compte" in home
    assert "Accès sans activation (compte non activé)" in text(portal.get("/portail/mon-compte"))
    assert nothing_stored(idp_ctx)

    second_visit = PortalActions(PageClient(idp_app), mailbox)
    response = second_visit.identifier(NEW)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/portail/mail-envoye")
    assert mailbox.count(NEW) == 2
    assert second_visit.client.get("/portail/mot-de-passe").status_code == 409


def test_access_without_activation_needs_no_question_nor_answer(at_challenge_step, portal, idp_ctx):
    portal.get("/portail/question-defi")
    response = portal.submit("/portail/question-defi", {"question": "", "reponse": "", "confirmation": "",
                                                        "sans_activation": "ACCÈS SANS ACTIVATION"})
    assert response.status_code == 303
    assert "Bienvenue sur votre portail Élections" in text(portal.follow())
    assert nothing_stored(idp_ctx)


def test_a_mismatched_password_confirmation_is_refused(at_password_step, portal, idp_ctx):
    response = at_password_step.choose_password(PASSWORD, confirmation=PASSWORD + "x")
    assert response.status_code == 400
    assert "La confirmation ne correspond pas au mot de passe saisi." in text(response)
    assert portal.get("/portail/question-defi").status_code == 409
    assert nothing_stored(idp_ctx)


@pytest.mark.parametrize(("password", "rule"), [
    ("Court-2022!", "entre 12 caractères et 256 caractères"),
    ("NOUVEAU-MOT2PASSE!", "au moins une lettre en minuscule non-accentuée"),
    ("nouveau-mot2passe!", "au moins une lettre en majuscule non-accentuée"),
    ("Nouveau-Mot-passe!", "au moins un chiffre"),
    ("NouveauMot2passeX", "au moins un caractère spécial"),
    ("ÉTÉ-HIVER-2022-àéèç", "au moins une lettre en minuscule non-accentuée"),
])
def test_a_password_breaking_a_rule_is_refused_with_the_rule(at_password_step, portal, idp_ctx,
                                                             password, rule):
    response = at_password_step.choose_password(password)
    assert response.status_code == 400
    assert f"Le mot de passe ne respecte pas : {rule}." in text(response)
    assert portal.get("/portail/question-defi").status_code == 409
    assert nothing_stored(idp_ctx)


def test_a_password_over_256_characters_is_refused(at_password_step, portal, idp_ctx):
    response = at_password_step.choose_password("Aa1!" + "x" * 253)
    assert response.status_code == 400
    assert "Ce champ ne doit pas dépasser 256 caractères." in text(response)
    assert portal.get("/portail/question-defi").status_code == 409


def test_a_password_of_256_characters_is_accepted(at_password_step):
    assert at_password_step.choose_password("Aa1!" + "x" * 252).status_code == 303


def test_a_wrong_captcha_on_the_identifier_page_sends_nothing(actions, mailbox):
    response = actions.identifier(NEW, captcha="000000")
    assert response.status_code == 400
    assert "La saisie du CAPTCHA est incorrecte" in text(response)
    assert mailbox.count(NEW) == 0


def test_a_wrong_captcha_on_the_password_page_keeps_the_voter_there(at_password_step, portal):
    portal.get("/portail/initialisation-mot-de-passe")
    response = portal.submit("/portail/initialisation-mot-de-passe", {
        "mot_de_passe": PASSWORD, "confirmation": PASSWORD, "captcha": "000000"})
    assert response.status_code == 400
    assert "La saisie du CAPTCHA est incorrecte" in text(response)
    assert portal.get("/portail/question-defi").status_code == 409


def test_mismatched_challenge_answers_are_refused_and_nothing_is_stored(at_challenge_step, idp_ctx):
    response = at_challenge_step.choose_challenge("voiture", "Peugeot", confirmation="Renault")
    assert response.status_code == 400
    assert "Les deux saisies de la réponse secrète ne correspondent pas." in text(response)
    assert nothing_stored(idp_ctx)
    assert at_challenge_step.choose_challenge("voiture", "Peugeot").status_code == 303
    assert find_voter(idp_ctx, NEW).is_activated


def test_activation_needs_a_question_from_the_list(at_challenge_step, idp_ctx):
    response = at_challenge_step.choose_challenge("couleur", "Bleu")
    assert response.status_code == 400
    assert "N'est pas un choix valide." in text(response)
    assert nothing_stored(idp_ctx)


def test_an_activation_mail_that_cannot_leave_is_reported_and_no_link_is_kept(relay_down_app, mailbox):
    response = PortalActions(PageClient(relay_down_app), mailbox).identifier(NEW)
    assert response.status_code == 503
    assert "Le message n'a pas pu être envoyé pour le moment." in text(response)
    assert "Traceback" not in text(response)
    with relay_down_app.extensions["idp"].db.session() as s:
        assert s.scalar(select(func.count()).select_from(OneTimeLink)) == 0
