"""The authorization code flow that works, and what each of its answers holds.

Mirrors the OpenID Foundation Basic OP modules ``oidcc-server`` (code flow end to end),
``oidcc-server-client-secret-post``, ``oidcc-idtoken-rs256``, ``oidcc-ensure-post-request-succeeds``,
``oidcc-ensure-request-with-unknown-parameter-succeeds``, ``oidcc-ensure-other-scope-order-succeeds``
and ``oidcc-refresh-token`` (here: none is issued).
"""

from __future__ import annotations

import time
from typing import Any

from bench.stack import Stack
from tests.support.oidc import ANGELA, Browser, RegisteredClients, RelyingParty, decode_jwt

ANGELA_SUB = "100001"


def test_sign_in_during_authorization_ends_at_the_client_with_code_state_and_iss(
        browser: Browser, rp: RelyingParty, live_stack: Stack) -> None:
    started = browser.authorize(rp)
    assert started.response.status_code == 200 and "/portail/connexion" in started.response.url
    after_password = browser.sign_in(ANGELA)  # each POST of the sign-in answered 303
    authorization = browser.resume(started, after_password)
    assert authorization.response.status_code == 303
    assert authorization.location is not None
    assert authorization.location.startswith(f"{rp.redirect_uri}?")
    answer = authorization.answer
    assert set(answer) == {"code", "state", "iss"}
    assert answer["state"] == started.params["state"]
    assert answer["iss"] == live_stack.idp_url  # RFC 9207


def test_a_signed_in_voter_gets_a_code_without_any_screen(angela: Browser, rp: RelyingParty) -> None:
    authorization = angela.authorize(rp)
    assert "/oidc/authorize?" in authorization.response.url  # the endpoint itself answered the client
    assert authorization.code


def test_token_response_is_bearer_without_refresh_token_and_not_cached(
        angela: Browser, rp: RelyingParty) -> None:
    response = rp.redeem(angela.authorize(rp))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    tokens = response.json()
    assert tokens["token_type"] == "Bearer"
    assert tokens["expires_in"] == 300
    assert "refresh_token" not in tokens
    assert set(tokens["scope"].split()) == set(rp.scope.split())


def test_id_token_is_es256_signed_with_a_published_kid_and_holds_the_required_claims(
        angela: Browser, rp: RelyingParty, jwks: dict[str, Any], live_stack: Stack) -> None:
    authorization = angela.authorize(rp)
    token = decode_jwt(rp.tokens(authorization)["id_token"], jwks)
    assert token.header["alg"] == "ES256"
    assert token.header["kid"] in {key["kid"] for key in jwks["keys"] if key["alg"] == "ES256"}
    claims = token.claims
    now = time.time()
    assert claims["iss"] == live_stack.idp_url
    assert claims["aud"] == rp.client_id
    assert claims["sub"] == ANGELA_SUB
    assert claims["nonce"] == authorization.params["nonce"]
    assert claims["iat"] <= now + 5 and claims["exp"] > now
    assert isinstance(claims["auth_time"], int) and claims["auth_time"] <= now
    assert claims["acr"] == "urn:elections:acr:mot-de-passe"
    assert claims["amr"] == ["pwd"]
    assert claims["sid"]


def test_rs256_client_gets_an_rs256_id_token(angela: Browser, clients: RegisteredClients,
                                             jwks: dict[str, Any]) -> None:
    token = decode_jwt(clients.post.tokens(angela.authorize(clients.post))["id_token"], jwks)
    assert token.header["alg"] == "RS256"
    assert token.claims["aud"] == clients.post.client_id


def test_access_token_is_an_rfc9068_jwt(angela: Browser, rp: RelyingParty, jwks: dict[str, Any],
                                        live_stack: Stack) -> None:
    token = decode_jwt(rp.tokens(angela.authorize(rp))["access_token"], jwks)
    assert token.header["typ"] == "at+jwt"
    claims = token.claims
    assert claims["iss"] == live_stack.idp_url
    assert claims["aud"] == live_stack.idp_url  # the UserInfo resource of this issuer
    assert claims["client_id"] == rp.client_id
    assert claims["sub"] == ANGELA_SUB
    assert {"iat", "exp", "jti", "scope", "auth_time"} <= set(claims)


def test_authorization_request_sent_by_post_succeeds(angela: Browser, rp: RelyingParty) -> None:
    assert angela.authorize(rp, method="POST").code


def test_unknown_parameter_is_ignored(angela: Browser, rp: RelyingParty) -> None:
    assert angela.authorize(rp, extra="1", ui_locales="fr-FR").code


def test_scope_order_does_not_matter(angela: Browser, rp: RelyingParty) -> None:
    assert rp.tokens(angela.authorize(rp, scope="email profile openid"))["id_token"]


def test_refresh_token_grant_is_refused(rp: RelyingParty) -> None:
    response = rp.token_request({"grant_type": "refresh_token", "refresh_token": "jeton-inventé"})
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"
    assert "access_token" not in response.json()


def test_a_silent_authorization_leaves_the_portal_session_as_it_was(angela: Browser,
                                                                    rp: RelyingParty) -> None:
    """Signed-in voters entering the voting space again must not rewrite their session each time
    (no new cookie, nothing written to the session store): the opening-hour rush is mostly these."""
    angela.authorize(rp)  # the session may be written once (client noted, idle time refreshed)
    again = angela.authorize(rp)
    assert again.code
    assert "Set-Cookie" not in again.response.headers
