"""Forged and bent ID tokens presented to the voting space's verification (OIDC Core §3.1.3.7,
RFC 8725). Every one is refused with :class:`LoginError`, which the callback turns into a French
400 page with no session opened (see ``test_callback_attacks.py`` for that path end to end).

The honest token of each test is signed by a :class:`KeyHolder` standing for the portal; only the
attacker's change differs, so each refusal is due to that change alone.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from tests.support.forgery import KeyHolder, hmac_signed, id_token_claims, segment, unsigned
from voting_rp.oidc.errors import LoginError
from voting_rp.oidc.tokens import MAX_TOKEN_LENGTH, verify_id_token

ISSUER = "https://portail.elections.test"
CLIENT = "espace-de-vote"
NONCE = "nonce-de-la-requete"


@pytest.fixture(scope="module")
def portal() -> KeyHolder:
    return KeyHolder()


def verify(token: str, portal: KeyHolder, nonce: str = NONCE) -> dict[str, Any]:
    return verify_id_token(token, key_for=portal.key_for, issuer=ISSUER, client_id=CLIENT, nonce=nonce)


def refused(token: str, portal: KeyHolder, reason: str, nonce: str = NONCE) -> None:
    with pytest.raises(LoginError) as caught:
        verify(token, portal, nonce)
    assert reason in caught.value.reason


def claims(**overrides: Any) -> dict[str, Any]:
    return id_token_claims(ISSUER, CLIENT, **{"nonce": NONCE, **overrides})


@pytest.mark.parametrize("alg", ["ES256", "RS256"])
def test_the_honest_token_passes(alg: str, portal: KeyHolder) -> None:
    assert verify(portal.sign(claims(), alg), portal)["sub"] == "100001"


# -- header: algorithm and key selection (RFC 8725 §2.1, §3.1) -------------------------------------

@pytest.mark.parametrize("alg", ["none", "None", "NONE", "nOnE", ""])
def test_unsigned_token_is_refused(alg: str, portal: KeyHolder) -> None:
    refused(unsigned({"alg": alg, "kid": portal.kid("ES256")}, claims()), portal, "algorithme refusé")


def test_alg_none_with_a_copied_signature_is_refused(portal: KeyHolder) -> None:
    honest = portal.sign(claims())
    _header, payload, signature = honest.split(".")
    refused(f"{segment({'alg': 'none'})}.{payload}.{signature}", portal, "algorithme refusé")


def test_hs256_keyed_with_the_rsa_public_key_pem_is_refused(portal: KeyHolder) -> None:
    pem = portal.rsa.public_key.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    token = hmac_signed({"alg": "HS256", "kid": portal.kid("RS256")}, claims(), pem)
    refused(token, portal, "algorithme refusé")


def test_hs256_keyed_with_the_published_jwk_is_refused(portal: KeyHolder) -> None:
    jwk = json.dumps(portal.public_jwk("RS256")).encode()
    token = hmac_signed({"alg": "HS256", "kid": portal.kid("RS256")}, claims(), jwk)
    refused(token, portal, "algorithme refusé")


@pytest.mark.parametrize("alg", ["HS384", "HS512", "PS256", "ES384", "EdDSA", "RS512"])
def test_algorithms_outside_the_allow_list_are_refused(alg: str, portal: KeyHolder) -> None:
    refused(unsigned({"alg": alg, "kid": portal.kid("ES256")}, claims()) + "c2lnbmF0dXJl", portal,
            "algorithme refusé")


def test_es256_header_naming_the_rsa_key_is_refused(portal: KeyHolder) -> None:
    """Key type confusion: the header's algorithm does not fit the key its kid names."""
    refused(portal.sign(claims(), "ES256", kid=portal.kid("RS256")), portal, "signature invalide")


def test_rs256_header_naming_the_ec_key_is_refused(portal: KeyHolder) -> None:
    refused(portal.sign(claims(), "RS256", kid=portal.kid("ES256")), portal, "signature invalide")


def test_unknown_kid_is_refused(portal: KeyHolder) -> None:
    refused(portal.sign(claims(), kid="kid-inconnu"), portal, "clé de signature inconnue")


def test_missing_kid_is_refused(portal: KeyHolder) -> None:
    honest = portal.sign(claims())
    _header, payload, signature = honest.split(".")
    refused(f"{segment({'alg': 'ES256'})}.{payload}.{signature}", portal, "clé de signature inconnue")


@pytest.mark.parametrize("member", ["jku", "jwk", "x5u", "x5c", "crit"])
def test_header_members_that_choose_their_own_key_are_refused(member: str, portal: KeyHolder) -> None:
    """RFC 8725 §3.10: the token never says where its verification key comes from."""
    attacker = KeyHolder()
    values: dict[str, Any] = {"jku": "https://evil.example/jwks.json", "jwk": attacker.public_jwk("ES256"),
                              "x5u": "https://evil.example/cert.pem", "x5c": ["MIIB"], "crit": ["exp"]}
    token = attacker.sign(claims(), "ES256", kid=portal.kid("ES256"), **{member: values[member]})
    refused(token, portal, "en-tête refusé")


# -- signature ----------------------------------------------------------------------------------

def test_token_signed_by_another_key_with_the_portal_kid_is_refused(portal: KeyHolder) -> None:
    refused(KeyHolder().sign(claims(), kid=portal.kid("ES256")), portal, "signature invalide")


def test_modified_claims_break_the_signature(portal: KeyHolder) -> None:
    header, _payload, signature = portal.sign(claims()).split(".")
    refused(f"{header}.{segment(claims(sub='100002'))}.{signature}", portal, "signature invalide")


def test_truncated_signature_is_refused(portal: KeyHolder) -> None:
    refused(portal.sign(claims())[:-10], portal, "signature invalide")


@pytest.mark.parametrize("token", ["", "a.b", "a.b.c.d", "!!!.e30.", "e30", f"{segment([1])}.e30.",
                                   f"{segment('ES256')}.e30."])
def test_malformed_tokens_are_refused(token: str, portal: KeyHolder) -> None:
    with pytest.raises(LoginError):
        verify(token, portal)


def test_oversized_token_is_refused_before_parsing(portal: KeyHolder) -> None:
    padding = "x" * MAX_TOKEN_LENGTH
    refused(portal.sign(claims(padding=padding)), portal, "trop long")


# -- claims -------------------------------------------------------------------------------------

@pytest.mark.parametrize("iss", ["https://evil.example", f"{ISSUER}/", ISSUER.upper(), None])
def test_wrong_issuer_is_refused(iss: str | None, portal: KeyHolder) -> None:
    refused(portal.sign(claims(iss=iss)), portal, "émetteur (iss) inattendu")


@pytest.mark.parametrize("aud", ["autre-client", ["autre-client"], None, "", {"client": CLIENT}])
def test_wrong_audience_is_refused(aud: Any, portal: KeyHolder) -> None:
    refused(portal.sign(claims(aud=aud)), portal, "audience (aud) inattendue")


def test_several_audiences_without_azp_are_refused(portal: KeyHolder) -> None:
    refused(portal.sign(claims(aud=[CLIENT, "autre-client"])), portal, "azp")


def test_several_audiences_with_another_azp_are_refused(portal: KeyHolder) -> None:
    refused(portal.sign(claims(aud=[CLIENT, "autre-client"], azp="autre-client")), portal, "azp")


def test_several_audiences_with_our_azp_pass(portal: KeyHolder) -> None:
    assert verify(portal.sign(claims(aud=[CLIENT, "autre-client"], azp=CLIENT)), portal)


def test_expired_token_is_refused(portal: KeyHolder) -> None:
    now = int(time.time())
    refused(portal.sign(claims(iat=now - 400, exp=now - 60)), portal, "expiré")


def test_expiry_within_the_clock_leeway_passes(portal: KeyHolder) -> None:
    now = int(time.time())
    assert verify(portal.sign(claims(iat=now - 300, exp=now - 10)), portal)


@pytest.mark.parametrize("exp", [None, "9999999999", 9999999999.5])
def test_missing_or_non_integer_expiry_is_refused(exp: Any, portal: KeyHolder) -> None:
    refused(portal.sign(claims(exp=exp)), portal, "expiré")


def test_iat_in_the_future_is_refused(portal: KeyHolder) -> None:
    now = int(time.time())
    refused(portal.sign(claims(iat=now + 120, exp=now + 600)), portal, "iat")


def test_iat_too_old_is_refused(portal: KeyHolder) -> None:
    now = int(time.time())
    refused(portal.sign(claims(iat=now - 3600, exp=now + 600)), portal, "iat")


def test_missing_iat_is_refused(portal: KeyHolder) -> None:
    refused(portal.sign(claims(iat=None)), portal, "iat")


@pytest.mark.parametrize("nonce", ["autre-nonce", None, ""])
def test_wrong_or_missing_nonce_is_refused(nonce: str | None, portal: KeyHolder) -> None:
    refused(portal.sign(claims(nonce=nonce)), portal, "nonce")


def test_no_expected_nonce_refuses_even_a_token_without_nonce(portal: KeyHolder) -> None:
    refused(portal.sign(claims(nonce=None)), portal, "nonce", nonce="")


@pytest.mark.parametrize("sub", [None, "", 100001, ["100001"]])
def test_missing_or_non_string_subject_is_refused(sub: Any, portal: KeyHolder) -> None:
    refused(portal.sign(claims(sub=sub)), portal, "sujet (sub) absent")


def test_missing_auth_time_is_refused(portal: KeyHolder) -> None:
    refused(portal.sign(claims(auth_time=None)), portal, "auth_time")


def test_a_logout_token_is_not_an_id_token(portal: KeyHolder) -> None:
    from tests.support.forgery import logout_token_claims

    refused(portal.sign(logout_token_claims(ISSUER, CLIENT), typ="logout+jwt"), portal, "nonce")
