"""Every row of the reference sheet's /authorize table, sent exactly, with page or redirect checked.

The HTML page (no redirect) carries "code erreur" (Y-code), "id erreur" (a UUID) and the message;
redirects carry ``error``, ``error_description`` and ``state`` only once the redirect URI is trusted.
"""

from __future__ import annotations

import json

import pytest

from tests.support.franceconnect import (
    REDIRECT_URI,
    Journey,
    Register,
    assert_page,
    assert_redirect,
    no_code_issued,
)

REQUIRED = ("client_id", "response_type", "redirect_uri", "scope", "acr_values", "state", "nonce")


@pytest.mark.parametrize("missing", REQUIRED)
def test_missing_required_parameter_is_the_Y030007_page(journey: Journey, missing: str) -> None:
    response = journey.authorize(**{missing: None})
    assert_page(response, "Y030007", f"missing required parameters: {missing}")
    no_code_issued(journey)


def test_short_nonce_is_the_Y030007_page(journey: Journey) -> None:
    assert_page(journey.authorize(nonce="a" * 21), "Y030007", "nonce must be at least 22 characters long")


def test_nonce_of_22_characters_is_accepted(journey: Journey) -> None:
    assert journey.authorize(nonce="a" * 22).status_code == 303


@pytest.mark.parametrize("prompt", ["none", "select_account", "", "login none", "consent  login"])
def test_bad_prompt_is_the_Y030007_page(journey: Journey, prompt: str) -> None:
    assert_page(journey.authorize(prompt=prompt), "Y030007", "prompt must be login, consent or both")


@pytest.mark.parametrize("prompt", ["login", "consent", "login consent"])
def test_login_and_consent_prompts_are_accepted(journey: Journey, prompt: str) -> None:
    assert journey.authorize(prompt=prompt).status_code == 303


@pytest.mark.parametrize("uri", ["pas-une-url", "/callback", "ftp://fs.example/cb", "https://"])
def test_redirect_uri_not_a_url_is_the_Y030007_page(journey: Journey, uri: str) -> None:
    assert_page(journey.authorize(redirect_uri=uri), "Y030007", "redirect_uri must be a URL")


def test_unknown_client_is_the_Y04EA6EF_page(journey: Journey) -> None:
    assert_page(journey.authorize(client_id="inconnu"), "Y04EA6EF", "client is invalid")


def test_disabled_client_is_the_Y04EA6EF_page(journey: Journey) -> None:
    journey.app.extensions["franceconnect_mock"].clients.update("fs-test", {"enabled": False})
    assert_page(journey.authorize(), "Y04EA6EF", "client is invalid")


@pytest.mark.parametrize("uri", [REDIRECT_URI + "/", REDIRECT_URI + "?x=1", "https://FS.example/callback",
                                 "https://fs.example/callback2", "https://evil.example/callback"])
def test_redirect_uri_not_registered_exactly_is_the_Y04C013C_page(journey: Journey, uri: str) -> None:
    assert_page(journey.authorize(redirect_uri=uri), "Y04C013C", "did not match any of the client")


def test_scope_without_openid_redirects_invalid_request(journey: Journey) -> None:
    params = journey.params(scope="identite_pivot email")
    response = journey.browser.get("/api/v2/authorize", query_string=params)
    assert_redirect(response, "invalid_request", params["state"], "openid scope must be requested")


def test_scope_not_allowed_redirects_invalid_scope(register: Register) -> None:
    limited = register(client_id="fs-limite", scopes=["openid", "given_name"])
    params = limited.params(scope="openid given_name email")
    assert_redirect(limited.browser.get("/api/v2/authorize", query_string=params), "invalid_scope",
                    params["state"], "email")


def test_unknown_scope_is_ignored(journey: Journey) -> None:
    tokens = journey.tokens(scope="openid given_name portefeuille_magique")
    assert tokens["scope"] == "openid given_name"


def test_acr_of_the_other_platform_redirects_invalid_acr(journey: Journey) -> None:
    params = journey.params(acr_values="eidas2")
    response = journey.browser.get("/api/v2/authorize", query_string=params)
    assert_redirect(response, "invalid_acr", params["state"], "expected eidas1, got eidas2")


@pytest.mark.parametrize("response_type", ["token", "id_token", "code id_token", "codes"])
def test_unsupported_response_type_redirects(journey: Journey, response_type: str) -> None:
    params = journey.params(response_type=response_type)
    assert_redirect(journey.browser.get("/api/v2/authorize", query_string=params),
                    "unsupported_response_type", params["state"])


def test_amr_requested_by_a_client_not_allowed_it_is_the_Y100009_page(register: Register) -> None:
    plain = register(client_id="fs-sans-amr", claims=[])
    response = plain.authorize(claims=json.dumps({"id_token": {"amr": {"essential": True}}}))
    assert_page(response, "Y100009", "amr claim is not allowed")


# -- bad input: the real service's error, nothing issued -----------------------------------------
def test_oversized_parameter_is_the_Y030007_page(journey: Journey) -> None:
    assert_page(journey.authorize(state="s" * 2049), "Y030007", "parameters too long")
    no_code_issued(journey)


@pytest.mark.parametrize("claims", ["{pas du json", "[1, 2]", '{"id_token": "amr"}', "null"])
def test_malformed_claims_is_the_Y030007_page(journey: Journey, claims: str) -> None:
    assert_page(journey.authorize(claims=claims), "Y030007", "claims must be a JSON object")


def test_repeated_parameter_is_the_Y030007_page(journey: Journey) -> None:
    query = "&".join(f"{k}={v}" for k, v in journey.params().items()) + "&scope=openid"
    response = journey.browser.get(f"/api/v2/authorize?{query}")
    assert_page(response, "Y030007", "parameters must not be provided twice: scope")
    no_code_issued(journey)


def test_unknown_parameter_such_as_code_challenge_is_refused(journey: Journey) -> None:
    response = journey.authorize(code_challenge="x" * 43)
    assert_page(response, "Y030007", "unknown parameters: code_challenge")


def test_errors_before_the_redirect_uri_is_trusted_never_redirect(journey: Journey) -> None:
    """An unknown client with a bad scope still gets the page: the redirect URI is not trusted."""
    response = journey.authorize(client_id="inconnu", scope="email", redirect_uri="https://evil.example/")
    assert_page(response, "Y04EA6EF", "client is invalid")


def test_authorize_by_post_follows_the_same_rules(journey: Journey) -> None:
    params = journey.params(nonce="court")
    response = journey.browser.client.post("/api/v2/authorize", data=params, base_url="https://localhost")
    assert_page(response, "Y030007", "nonce must be at least 22")
    good = journey.browser.client.post("/api/v2/authorize", data=journey.params(), base_url="https://localhost")
    assert good.status_code == 303 and good.headers["Location"].startswith("/interaction/")
