"""Each step of a journey runs only when it is the expected one: no skipping, no replay."""

from __future__ import annotations

import pytest

from idp.accounts.service import find_voter
from tests.support.client import text

NEW = "hugo.leroy@ac-nantes.fr"
PASSWORD = "Nouveau-Mot2passe!"
OUT_OF_ORDER = "Cette étape n'est pas attendue"


@pytest.mark.parametrize("path", ["/portail/question-defi", "/portail/initialisation-mot-de-passe",
                                  "/portail/nouveau-mot-de-passe", "/portail/mot-de-passe"])
def test_a_step_reached_without_the_previous_ones_is_refused(portal, path):
    response = portal.get(path)
    assert response.status_code == 409
    assert OUT_OF_ORDER in text(response)


def test_the_challenge_cannot_be_reached_straight_from_the_link(actions, portal):
    actions.identifier(NEW)
    actions.open_link(NEW)
    assert portal.get("/portail/question-defi").status_code == 409


def test_the_challenge_form_sent_again_after_activation_changes_nothing(actions, portal, idp_ctx):
    actions.identifier(NEW)
    actions.open_link(NEW)
    actions.choose_password(PASSWORD)
    portal.get("/portail/question-defi")
    token = portal.csrf
    assert actions.choose_challenge("voiture", "Peugeot").status_code == 303
    before = find_voter(idp_ctx, NEW)

    # The page's own token, kept from before: the replay is refused as out of order, not as CSRF.
    response = portal.submit("/portail/question-defi", {
        "csrf_token": token, "question": "animal", "reponse": "Médor", "confirmation": "Médor",
        "activer": "ACTIVER SON COMPTE"}, csrf=False)
    assert response.status_code == 409
    assert OUT_OF_ORDER in text(response)
    after = find_voter(idp_ctx, NEW)
    assert (after.challenge_question, after.challenge_answer_hash, after.password_hash,
            after.activated_at) == (before.challenge_question, before.challenge_answer_hash,
                                    before.password_hash, before.activated_at)


def test_the_password_form_sent_again_after_the_challenge_step_is_refused(actions, portal, idp_ctx):
    actions.identifier(NEW)
    actions.open_link(NEW)
    portal.get("/portail/initialisation-mot-de-passe")
    token = portal.csrf
    actions.choose_password(PASSWORD)
    response = portal.submit("/portail/initialisation-mot-de-passe", {
        "csrf_token": token, "mot_de_passe": "Autre-Mot2passe!", "confirmation": "Autre-Mot2passe!",
        "captcha": "424242"}, csrf=False)
    assert response.status_code == 409
    assert OUT_OF_ORDER in text(response)
    assert find_voter(idp_ctx, NEW).password_hash is None
