"""UserInfo (OIDC Core §5.3): a Bearer access token in the header, GET or POST, claims by scope.

Mirrors the OpenID Foundation Basic OP modules ``oidcc-userinfo-get``, ``oidcc-userinfo-post-header``,
``oidcc-scope-profile``, ``oidcc-scope-email`` and ``oidcc-scope-all``. Tokens elsewhere than the
Authorization header are refused: the body method of RFC 6750 §2.2 is optional and the query
method is forbidden by RFC 9700 §2.4.
"""

from __future__ import annotations

import pytest

from tests.support.oidc import Browser, RelyingParty

PROFILE = {"given_name", "family_name", "name", "birthdate", "gender"}


@pytest.fixture
def access_token(angela: Browser, rp: RelyingParty) -> str:
    return str(rp.tokens(angela.authorize(rp))["access_token"])


def test_get_with_bearer_header(rp: RelyingParty, access_token: str) -> None:
    response = rp.userinfo(access_token)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    claims = response.json()
    assert claims["sub"] == "100001"
    assert claims["email"] == "angela.dubois@ac-paris.fr" and claims["email_verified"] is True
    assert claims["family_name"] == "DUBOIS" and claims["academie"] == "Paris"
    assert claims["electeurId"] == "100001"


def test_post_with_bearer_header(rp: RelyingParty, access_token: str) -> None:
    response = rp.userinfo(access_token, method="POST")
    assert response.status_code == 200 and response.json()["sub"] == "100001"


@pytest.mark.parametrize(("scope", "expected"), [
    ("openid", {"sub"}),
    ("openid email", {"sub", "email", "email_verified"}),
    ("openid profile", {"sub", *PROFILE}),
    ("openid academie electeur", {"sub", "academie", "electeurId"}),
    ("openid inconnue", {"sub"}),
])
def test_claims_follow_the_scope(scope: str, expected: set[str], angela: Browser, rp: RelyingParty) -> None:
    token = rp.tokens(angela.authorize(rp, scope=scope))["access_token"]
    claims = rp.userinfo(token).json()
    # derniereConnexion (electeur scope) is the previous sign-in: absent on a voter's very first one
    last = claims.pop("derniereConnexion", None)
    assert set(claims) == expected
    assert last is None or ("electeur" in scope.split() and isinstance(last, int))


def test_without_token_the_challenge_is_bearer(rp: RelyingParty) -> None:
    response = rp.http.get(f"{rp.issuer}/oidc/userinfo", timeout=10)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_token_in_the_query_string_is_refused(rp: RelyingParty, access_token: str) -> None:
    response = rp.http.get(f"{rp.issuer}/oidc/userinfo", params={"access_token": access_token}, timeout=10)
    assert response.status_code == 401


def test_token_in_the_form_body_is_refused(rp: RelyingParty, access_token: str) -> None:
    response = rp.http.post(f"{rp.issuer}/oidc/userinfo", data={"access_token": access_token}, timeout=10)
    assert response.status_code == 401


def test_tampered_token_is_refused(rp: RelyingParty, access_token: str) -> None:
    header, payload, signature = access_token.split(".")
    flipped = signature[:-2] + ("AA" if signature[-2:] != "AA" else "BB")
    response = rp.userinfo(f"{header}.{payload}.{flipped}")
    assert response.status_code == 401
    challenge = response.headers["WWW-Authenticate"]
    assert challenge.startswith('Bearer error="invalid_token", error_description="')
    assert challenge.isascii()  # RFC 6750 §3: the description keeps to an ASCII subset


def test_id_token_is_not_an_access_token(angela: Browser, rp: RelyingParty) -> None:
    id_token = rp.tokens(angela.authorize(rp))["id_token"]
    response = rp.userinfo(id_token)
    assert response.status_code == 401 and response.json()["error"] == "invalid_token"


def test_basic_scheme_is_not_bearer(rp: RelyingParty, access_token: str) -> None:
    response = rp.http.get(f"{rp.issuer}/oidc/userinfo", timeout=10,
                            headers={"Authorization": f"Basic {access_token}"})
    assert response.status_code == 401
