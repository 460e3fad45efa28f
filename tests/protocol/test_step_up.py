"""The two assurance levels and the step-up screen (question défi + NUMEN or NIR).

Mirrors the ``acr_values`` handling of OIDC Core §3.1.2.1 and §5.5.1.1 (the OpenID Foundation
Basic OP plan only checks that ``acr`` is returned; here the level also changes what the voter
must prove). The step-up has its own attempt limit: five wrong answers per hour and per voter.
"""

from __future__ import annotations

from typing import Any

import pytest
import requests

from bench.stack import Stack
from shared.election.demo import DEMO_PASSWORD
from shared.oidc import channel_claim
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
    assert channel_claim.CLAIM not in claims  # no key asked for a channel: none was collected


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


def test_with_a_channel_key_the_screen_asks_the_channel_and_the_id_token_carries_it_encrypted(
        browser: Browser, rp: RelyingParty, jwks: dict[str, Any]) -> None:
    """The réassort (``reassort_jwk``): the seeds' screen, and the channel only the key's holder reads."""
    public, private = channel_claim.new_request_key()
    started = browser.authorize(rp, acr_values=CHALLENGE_LEVEL, reassort_jwk=public)
    screen = browser.resume(started, browser.sign_in(LUCIE))
    assert "Demande de réassort du code de vote" in screen.response.text
    done = browser.resume(screen, browser.submit_page(screen.response, screen.response.url, {
        "reponse": "OGC Nice", "identifiant_agent": "84E7654321NIC", "canal": "sms",
        "telephone": "07 11 22 33 44", "valider": "ENVOYER"}))
    claims = decode_jwt(rp.tokens(done)["id_token"], jwks).claims
    sealed = claims[channel_claim.CLAIM]
    assert "711223344" not in sealed and sealed.count(".") == 4  # a compact JWE, not the number
    assert channel_claim.decrypt_channel(sealed, private) == ("sms", "+33711223344")
    _other_public, other_private = channel_claim.new_request_key()
    assert channel_claim.decrypt_channel(sealed, other_private) is None


@pytest.mark.parametrize("key", [
    "pas du JSON", '{"kty": "RSA", "n": "AQAB", "e": "AQAB"}', '{"kty": "EC", "crv": "P-384"}',
    channel_claim.new_request_key()[1],  # a private key has no business in a URL
])
def test_a_channel_key_that_is_not_a_p256_public_key_is_refused(
        browser: Browser, rp: RelyingParty, key: str) -> None:
    refused = browser.authorize(rp, acr_values=CHALLENGE_LEVEL, reassort_jwk=key)
    assert refused.answer["error"] == "invalid_request"
    assert "reassort_jwk" in refused.answer["error_description"]


def test_a_channel_key_without_the_challenge_level_is_refused(browser: Browser, rp: RelyingParty) -> None:
    refused = browser.authorize(rp, reassort_jwk=channel_claim.new_request_key()[0])
    assert refused.answer["error"] == "invalid_request"
