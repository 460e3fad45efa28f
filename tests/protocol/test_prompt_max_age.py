"""``prompt``, ``max_age`` and ``login_hint`` (OIDC Core §3.1.2.1, §3.1.2.3).

Mirrors the OpenID Foundation Basic OP modules ``oidcc-prompt-none-not-logged-in``,
``oidcc-prompt-none-logged-in``, ``oidcc-prompt-login``, ``oidcc-max-age-1``, ``oidcc-max-age-10000``
and ``oidcc-login-hint``. A forced authentication is a real one: the ``auth_time`` of the new ID
token is later than the previous one.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from bench.stack import Stack
from tests.support.oidc import ANGELA, LUCIE, Authorization, Browser, RelyingParty, decode_jwt


def auth_time(rp: RelyingParty, authorization: Authorization, jwks: dict[str, Any]) -> int:
    return int(decode_jwt(rp.tokens(authorization)["id_token"], jwks).claims["auth_time"])


def assert_sign_in_page(authorization: Authorization) -> None:
    assert authorization.response.status_code == 200
    assert "/portail/connexion" in authorization.response.url
    assert "Accès au portail Élections" in authorization.response.text


def test_prompt_none_without_session_answers_login_required(browser: Browser, rp: RelyingParty,
                                                             live_stack: Stack) -> None:
    authorization = browser.authorize(rp, prompt="none")
    answer = authorization.answer
    assert answer["error"] == "login_required"
    assert answer["state"] == authorization.params["state"]
    assert answer["iss"] == live_stack.idp_url and "code" not in answer


def test_prompt_none_with_session_answers_a_code(angela: Browser, rp: RelyingParty) -> None:
    assert angela.authorize(rp, prompt="none").code


def test_prompt_login_forces_a_new_authentication(browser: Browser, rp: RelyingParty,
                                                  jwks: dict[str, Any]) -> None:
    browser.sign_in(LUCIE)
    first = auth_time(rp, browser.authorize(rp), jwks)
    time.sleep(1.1)  # auth_time counts in seconds
    forced = browser.authorize(rp, prompt="login")
    assert_sign_in_page(forced)
    again = browser.resume(forced, browser.sign_in(LUCIE))
    assert auth_time(rp, again, jwks) > first


def test_max_age_exceeded_forces_a_new_authentication(browser: Browser, rp: RelyingParty,
                                                      jwks: dict[str, Any]) -> None:
    browser.sign_in(LUCIE)
    signed_in_at = auth_time(rp, browser.authorize(rp), jwks)
    time.sleep(1.1)
    stale = browser.authorize(rp, max_age="1")
    assert_sign_in_page(stale)
    fresh = browser.resume(stale, browser.sign_in(LUCIE))
    assert auth_time(rp, fresh, jwks) > signed_in_at


def test_max_age_not_exceeded_keeps_the_session_and_reports_auth_time(
        angela: Browser, rp: RelyingParty, jwks: dict[str, Any]) -> None:
    before = auth_time(rp, angela.authorize(rp), jwks)
    assert auth_time(rp, angela.authorize(rp, max_age="10000"), jwks) == before


def test_prompt_none_with_max_age_exceeded_answers_login_required(angela: Browser, rp: RelyingParty) -> None:
    assert angela.authorize(rp, prompt="none", max_age="0").answer["error"] == "login_required"


def test_invalid_max_age_is_refused(angela: Browser, rp: RelyingParty) -> None:
    for value in ("-1", "une heure", "1e3"):
        answer = angela.authorize(rp, max_age=value).answer
        assert answer["error"] == "invalid_request" and "code" not in answer


def test_invalid_prompt_is_refused(angela: Browser, rp: RelyingParty) -> None:
    for value in ("none login", "jamais"):
        answer = angela.authorize(rp, prompt=value).answer
        assert answer["error"] == "invalid_request" and "code" not in answer


@pytest.mark.parametrize(("prompt", "error"), [
    ("consent", "consent_required"), ("select_account", "account_selection_required"),
    ("login consent", "consent_required")])
def test_prompts_the_portal_cannot_honour_are_refused(prompt: str, error: str, angela: Browser,
                                                      rp: RelyingParty) -> None:
    """OIDC Core §3.1.2.1: an OP that cannot obtain consent (or an account choice) MUST return an
    error; the portal has neither screen, so it refuses instead of silently issuing a code."""
    answer = angela.authorize(rp, prompt=prompt).answer
    assert answer["error"] == error and "code" not in answer
    assert answer["state"]


def test_login_hint_fills_the_identifier(browser: Browser, rp: RelyingParty) -> None:
    authorization = browser.authorize(rp, login_hint=LUCIE)
    assert_sign_in_page(authorization)
    assert f'value="{LUCIE}"' in authorization.response.text


def test_login_hint_of_the_signed_in_voter_gives_a_code(angela: Browser, rp: RelyingParty) -> None:
    assert angela.authorize(rp, login_hint=ANGELA).code
    assert angela.authorize(rp, login_hint="100001").code  # the sub works as a hint too


def test_login_hint_of_someone_else_asks_to_sign_in(angela: Browser, rp: RelyingParty) -> None:
    authorization = angela.authorize(rp, login_hint=LUCIE)
    assert_sign_in_page(authorization)
    assert f'value="{LUCIE}"' in authorization.response.text


def test_prompt_none_with_someone_elses_login_hint_answers_login_required(
        angela: Browser, rp: RelyingParty) -> None:
    assert angela.authorize(rp, prompt="none", login_hint=LUCIE).answer["error"] == "login_required"
