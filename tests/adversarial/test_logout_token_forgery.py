"""Forged back-channel logout tokens (Back-Channel Logout 1.0 §2.6), checked one by one and then
posted to the running voting space: a forged token must neither be accepted nor end a session.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from bench.stack import Stack
from tests.support.forgery import KeyHolder, hmac_signed, id_token_claims, logout_token_claims, unsigned
from tests.support.oidc import ANGELA, Browser, RegisteredClients, decode_jwt, http_session
from voting_rp.oidc.errors import LoginError
from voting_rp.oidc.tokens import verify_logout_token

ISSUER = "https://portail.elections.test"
CLIENT = "espace-de-vote"
EVENT = "http://schemas.openid.net/event/backchannel-logout"


@pytest.fixture(scope="module")
def portal() -> KeyHolder:
    return KeyHolder()


def claims(**overrides: Any) -> dict[str, Any]:
    return logout_token_claims(ISSUER, CLIENT, **overrides)


def refused(token: str, portal: KeyHolder) -> None:
    with pytest.raises(LoginError):
        verify_logout_token(token, key_for=portal.key_for, issuer=ISSUER, client_id=CLIENT)


def test_the_honest_logout_token_passes(portal: KeyHolder) -> None:
    token = portal.sign(claims(), typ="logout+jwt")
    assert verify_logout_token(token, key_for=portal.key_for, issuer=ISSUER, client_id=CLIENT)["sid"]


def test_unsigned_logout_token_is_refused(portal: KeyHolder) -> None:
    refused(unsigned({"alg": "none", "kid": portal.kid("ES256")}, claims()), portal)


def test_hs256_logout_token_keyed_with_the_public_key_is_refused(portal: KeyHolder) -> None:
    pem = portal.rsa.public_key.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    refused(hmac_signed({"alg": "HS256", "kid": portal.kid("RS256")}, claims(), pem), portal)


def test_logout_token_signed_by_another_key_is_refused(portal: KeyHolder) -> None:
    refused(KeyHolder().sign(claims(), kid=portal.kid("ES256")), portal)


# Claims relative to now are built when the test runs, not when the file is collected: a long run
# would otherwise turn "iat five minutes ahead" into a past iat.
@pytest.mark.parametrize("overrides", [
    lambda now: {"iss": "https://evil.example"},
    lambda now: {"aud": "autre-client"},
    lambda now: {"exp": now - 120, "iat": now - 300},
    lambda now: {"iat": now + 300},
    lambda now: {"events": None},
    lambda now: {"events": {"http://schemas.openid.net/event/autre": {}}},
    lambda now: {"events": [EVENT]},
    lambda now: {"nonce": "un-nonce"},
    lambda now: {"sid": None},
], ids=["iss", "aud", "expiré", "iat futur", "sans events", "autre événement", "events liste", "nonce",
        "sans sid"])
def test_logout_token_with_bad_claims_is_refused(
        overrides: Callable[[int], dict[str, Any]], portal: KeyHolder) -> None:
    refused(portal.sign(claims(**overrides(int(time.time())))), portal)


def test_an_id_token_is_not_a_logout_token(portal: KeyHolder) -> None:
    refused(portal.sign(id_token_claims(ISSUER, CLIENT, nonce="n")), portal)


# -- end to end: forged tokens posted to the running voting space ----------------------------------

def test_forged_logout_tokens_posted_to_the_voting_space_end_no_session(
        live_stack: Stack, clients: RegisteredClients) -> None:
    browser = Browser(live_stack)
    browser.sign_in(ANGELA)
    browser.enter_voting_space()
    # The portal session's sid is the one the voting space keeps: read it from our own ID token.
    jwks = http_session().get(f"{live_stack.idp_url}/oidc/jwks", timeout=10).json()
    id_token = clients.basic.tokens(browser.authorize(clients.basic))["id_token"]
    sid = decode_jwt(id_token, jwks).claims["sid"]
    real_rsa_kid = next(key["kid"] for key in jwks["keys"] if key["alg"] == "RS256")
    real = logout_token_claims(live_stack.idp_url, "espace-de-vote", sid=sid)
    attacker = KeyHolder()
    forged = [
        unsigned({"alg": "none", "kid": real_rsa_kid}, real),
        hmac_signed({"alg": "HS256", "kid": real_rsa_kid}, real, str(jwks).encode()),
        attacker.sign(real, kid=real_rsa_kid),
        attacker.sign(real, "ES256", jwk=attacker.public_jwk("ES256")),
        "",
        "x" * 20_000,
    ]
    endpoint = f"{live_stack.voting_url}/auth/portail/backchannel-logout"
    for token in forged:
        answer = http_session().post(endpoint, data={"logout_token": token}, timeout=10)
        assert answer.status_code == 400, token[:40]
        assert answer.json() == {"error": "invalid_request"}
    assert browser.has_voting_session()
