"""Malformed authorization requests: the error goes back to the (validated) client with ``state``
and ``iss``, or, while the client is not yet validated, is shown as a page.

Mirrors the OpenID Foundation Basic OP modules ``oidcc-response-type-missing``,
``oidcc-unsigned-request-object-supported-correctly-or-rejected-as-unsupported`` and
``oidcc-ensure-request-object-with-redirect-uri`` (request objects are refused), and RFC 6749
§3.1 (no repeated parameter), RFC 9207 §2 (``iss`` in error responses too).
"""

from __future__ import annotations

from typing import Any

import pytest

from bench.stack import Stack
from tests.support.oidc import Authorization, Browser, RelyingParty, http_session

# RFC 6749 §4.1.2.1: error_description MUST stay within %x20-21 / %x23-5B / %x5D-7E.
DESCRIPTION_CHARS = set(map(chr, range(0x20, 0x7F))) - {'"', "\\"}


def assert_redirected_error(authorization: Authorization, error: str, issuer: str) -> None:
    answer = authorization.answer
    assert answer["error"] == error
    assert answer["error_description"]
    assert set(answer["error_description"]) <= DESCRIPTION_CHARS, answer["error_description"]
    assert answer["state"] == authorization.params["state"]
    assert answer["iss"] == issuer
    assert "code" not in answer


@pytest.mark.parametrize(("override", "error"), [
    ({"response_type": None}, "invalid_request"),  # RFC 6749 §4.1.2.1: a missing parameter
    ({"response_type": "token"}, "unsupported_response_type"),
    ({"response_type": "code id_token"}, "unsupported_response_type"),
    ({"scope": "profile email"}, "invalid_scope"),
    ({"scope": None}, "invalid_scope"),
    ({"request": "eyJhbGciOiJub25lIn0.e30."}, "request_not_supported"),
    ({"request_uri": "https://evil.example/request.jwt"}, "request_uri_not_supported"),
    ({"state": "s" * 513}, "invalid_request"),
    ({"nonce": "n" * 513}, "invalid_request"),
])
def test_bad_parameter_is_redirected_as_an_error_with_state_and_iss(
        override: dict[str, Any], error: str, angela: Browser, rp: RelyingParty,
        live_stack: Stack) -> None:
    assert_redirected_error(angela.authorize(rp, **override), error, live_stack.idp_url)


@pytest.mark.parametrize("name", ["client_id", "redirect_uri", "state", "scope", "code_challenge"])
def test_repeated_parameter_gets_a_page(name: str, rp: RelyingParty, live_stack: Stack) -> None:
    """RFC 6749 §3.1: a repeated parameter is refused before anything is trusted, so no redirect."""
    params, _verifier = rp.request_params()
    query = [*params.items(), (name, params[name])]
    response = http_session().get(f"{live_stack.idp_url}/oidc/authorize", params=query,
                                  allow_redirects=False, timeout=10)
    assert response.status_code == 400
    assert "Location" not in response.headers
    assert f"Le paramètre « {name} » est répété." in response.text


def test_parameter_in_both_query_and_body_counts_as_repeated(rp: RelyingParty, live_stack: Stack) -> None:
    params, _verifier = rp.request_params()
    response = http_session().post(f"{live_stack.idp_url}/oidc/authorize", params={"state": "a"},
                                   data=params, allow_redirects=False, timeout=10)
    assert response.status_code == 400 and "Location" not in response.headers


def test_error_without_state_carries_no_state(angela: Browser, rp: RelyingParty, live_stack: Stack) -> None:
    authorization = angela.authorize(rp, state=None, response_type="token")
    answer = authorization.answer
    assert answer["error"] == "unsupported_response_type"
    assert "state" not in answer and answer["iss"] == live_stack.idp_url


@pytest.mark.parametrize("mode", ["fragment", "form_post", "query.jwt", "web_message"])
def test_a_response_mode_other_than_query_is_refused(mode: str, angela: Browser, rp: RelyingParty,
                                                     live_stack: Stack) -> None:
    """Only ``query`` is offered (discovery's ``response_modes_supported``): any other mode is
    refused rather than silently answered in the query."""
    authorization = angela.authorize(rp, response_mode=mode)
    assert_redirected_error(authorization, "invalid_request", live_stack.idp_url)
    assert authorization.answer["error_description"] == "Seul le mode de reponse 'query' est pris en charge."
    assert "#" not in str(authorization.location)


def test_response_mode_query_is_honoured(angela: Browser, rp: RelyingParty) -> None:
    assert angela.authorize(rp, response_mode="query").code


def test_missing_response_type_is_described(angela: Browser, rp: RelyingParty) -> None:
    answer = angela.authorize(rp, response_type=None).answer
    assert answer["error_description"] == "Le parametre 'response_type' est obligatoire."
