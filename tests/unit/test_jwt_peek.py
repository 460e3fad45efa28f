"""The one JWT header peek and the one algorithm allow-list (shared/oidc/jwt.py) that the portal,
the voting space, the FranceConnect mock and the trace export all use."""

from __future__ import annotations

import time

import pytest
from joserfc.errors import JoseError

from franceconnect_mock.protocol.jose import peek
from shared.oidc.jwt import (
    ALLOWED_ALGS,
    AlgorithmRefused,
    NotAnObject,
    UnreadableToken,
    allowed_alg,
    claims_of,
    header_of,
    verify,
)
from shared.trace.jwt_view import CheckLog
from tests.support.forgery import KeyHolder, hmac_signed, segment, unsigned
from voting_rp.oidc.errors import LoginError
from voting_rp.oidc.tokens import verified_claims

CLAIMS = {"iss": "https://portail.example", "sub": "electeur-fictif", "exp": int(time.time()) + 60}


@pytest.fixture(scope="module")
def holder() -> KeyHolder:
    return KeyHolder()


@pytest.mark.parametrize("alg", ["none", "HS256", "ES512", None])
def test_the_allow_list_refuses_none_hmac_and_every_other_algorithm(alg: str | None) -> None:
    with pytest.raises(AlgorithmRefused, match="algorithme refusé"):
        allowed_alg({"alg": alg} if alg else {})


def test_the_allow_list_is_asymmetric_only() -> None:
    assert ALLOWED_ALGS == ("ES256", "RS256")
    assert [allowed_alg({"alg": alg}) for alg in ALLOWED_ALGS] == ["ES256", "RS256"]


def test_verify_refuses_alg_none_and_hs256_keyed_with_the_public_key(holder: KeyHolder) -> None:
    jwks = {"keys": [holder.public_jwk("ES256"), holder.public_jwk("RS256")]}
    pem = holder.rsa.as_pem(private=False)
    for token in (unsigned({"alg": "none", "typ": "JWT"}, CLAIMS),
                  hmac_signed({"alg": "HS256", "typ": "JWT", "kid": holder.kid("RS256")}, CLAIMS, pem)):
        with pytest.raises((JoseError, ValueError)):
            verify(token, jwks)


def test_the_voting_space_refuses_them_with_the_shared_list_and_records_why(holder: KeyHolder) -> None:
    for alg in ("none", "HS256"):
        token = hmac_signed({"alg": alg, "typ": "JWT", "kid": holder.kid("RS256")}, CLAIMS, b"k" * 32)
        log = CheckLog()
        with pytest.raises(LoginError, match=f"algorithme refusé : '{alg}'"):
            verified_claims(token, lambda kid: holder.public_jwk("RS256"), log)
        assert [(s["check"], s["ok"]) for s in log.steps] == [("en-tête", True), ("alg", False)]


def test_peeking_reads_header_and_claims_without_verifying() -> None:
    token = unsigned({"alg": "none", "kid": "k1"}, CLAIMS)
    assert header_of(token) == {"alg": "none", "kid": "k1"} and claims_of(token) == CLAIMS
    assert peek(token) == ({"alg": "none", "kid": "k1"}, CLAIMS)


@pytest.mark.parametrize("token", ["", "pas-un-jeton", "%%%.e30.", f"{segment([1, 2])}.{segment({})}.",
                                   f"{segment('texte')}.e30."])
def test_an_unreadable_header_is_a_value_error(token: str) -> None:
    with pytest.raises(ValueError):
        header_of(token)
    assert peek(token) == ({}, None)


def test_missing_or_non_object_claims_are_refused() -> None:
    with pytest.raises(UnreadableToken):
        claims_of(segment({"alg": "ES256"}))
    with pytest.raises(NotAnObject):
        claims_of(f"{segment({'alg': 'ES256'})}.{segment([1])}.")
