"""The two assurance levels and the step-up screen (question défi + NUMEN or NIR).

Mirrors the ``acr_values`` handling of OIDC Core §3.1.2.1 and §5.5.1.1 (the OpenID Foundation
Basic OP plan only checks that ``acr`` is returned; here the level also changes what the voter
must prove). The step-up has its own attempt limit: five wrong answers per hour and per voter.
"""

from __future__ import annotations

from typing import Any

import requests

from bench.stack import Stack
from shared.election.demo import DEMO_PASSWORD
from tests.support.oidc import LUCIE, Authorization, Browser, RelyingParty, decode_jwt

PASSWORD_LEVEL = "urn:elections:acr:mot-de-passe"
CHALLENGE_LEVEL = "urn:elections:acr:question-defi"
REFUSED = "La réponse secrète ou le NUMEN / numéro de sécurité sociale saisi est incorrect."
TOO_MANY = "Trop de tentatives."


def step_up_page(browser: Browser, rp: RelyingParty, email: str,
                 password: str = DEMO_PASSWORD) -> Authorization:
    """Ask for the challenge level, signing in first: the browser is left on the step-up screen."""
    started = browser.authorize(rp, acr_values=CHALLENGE_LEVEL)
    screen = browser.resume(started, browser.sign_in(email, password))
    assert screen.response.status_code == 200, screen.response.text[:300]
    assert "/portail/verification/" in screen.response.url
    return screen


def answer(browser: Browser, screen: Authorization, reponse: str, identifiant: str) -> requests.Response:
    return browser.submit_page(screen.response, screen.response.url,
                               {"reponse": reponse, "identifiant_agent": identifiant, "valider": "VALIDER"})


def test_challenge_level_shows_the_question_then_a_right_answer_gives_acr_and_amr(
        browser: Browser, rp: RelyingParty, jwks: dict[str, Any]) -> None:
    screen = step_up_page(browser, rp, LUCIE)
    assert "Vérification de votre identité" in screen.response.text
    assert "Quelle est votre équipe de football préférée ?" in screen.response.text

    wrong = answer(browser, screen, "PSG", "84E7654321NIC")
    assert wrong.status_code == 401
    assert REFUSED in wrong.text

    right = answer(browser, screen, "ogc nice", "84E7654321NIC")  # answers compare without case
    assert right.status_code == 303
    done = browser.resume(screen, right)
    claims = decode_jwt(rp.tokens(done)["id_token"], jwks).claims
    assert claims["acr"] == CHALLENGE_LEVEL
    assert claims["amr"] == ["pwd", "kba"]
    assert isinstance(claims["auth_time"], int)


def test_the_first_ten_digits_of_the_nir_work_instead_of_the_numen(
        browser: Browser, rp: RelyingParty, jwks: dict[str, Any]) -> None:
    screen = step_up_page(browser, rp, LUCIE)
    done = browser.resume(screen, answer(browser, screen, "OGC Nice", "2840406088"))
    assert decode_jwt(rp.tokens(done)["id_token"], jwks).claims["acr"] == CHALLENGE_LEVEL


def test_each_request_for_the_challenge_level_asks_again(browser: Browser, rp: RelyingParty) -> None:
    """A step-up proves something for one request (a réassort), not for the whole session."""
    screen = step_up_page(browser, rp, LUCIE)
    browser.resume(screen, answer(browser, screen, "OGC Nice", "84E7654321NIC"))
    again = browser.authorize(rp, acr_values=CHALLENGE_LEVEL)
    assert "/portail/verification/" in again.response.url


def test_password_level_needs_no_step_up(angela: Browser, rp: RelyingParty, jwks: dict[str, Any]) -> None:
    for acr_values in (PASSWORD_LEVEL, "urn:inconnu", f"{PASSWORD_LEVEL} {CHALLENGE_LEVEL}"):
        claims = decode_jwt(rp.tokens(angela.authorize(rp, acr_values=acr_values))["id_token"], jwks).claims
        assert claims["acr"] == PASSWORD_LEVEL and claims["amr"] == ["pwd"]


def test_prompt_none_with_the_challenge_level_answers_interaction_required(
        angela: Browser, rp: RelyingParty, live_stack: Stack) -> None:
    answer_params = angela.authorize(rp, acr_values=CHALLENGE_LEVEL, prompt="none").answer
    assert answer_params["error"] == "interaction_required"
    assert answer_params["iss"] == live_stack.idp_url and "code" not in answer_params


def test_cancel_answers_access_denied(angela: Browser, rp: RelyingParty, live_stack: Stack) -> None:
    screen = angela.authorize(rp, acr_values=CHALLENGE_LEVEL)
    cancelled = angela.submit_page(screen.response, screen.response.url, {"annuler": "ANNULER"})
    assert cancelled.status_code == 303
    result = angela.resume(screen, cancelled).answer
    assert result["error"] == "access_denied" and "code" not in result
    assert result["state"] == screen.params["state"] and result["iss"] == live_stack.idp_url


def test_malformed_numen_is_explained_in_french(angela: Browser, rp: RelyingParty) -> None:
    screen = angela.authorize(rp, acr_values=CHALLENGE_LEVEL)
    refused = answer(angela, screen, "Citroën", "12-34")
    assert refused.status_code == 400
    assert "Format attendu : NUMEN" in refused.text
