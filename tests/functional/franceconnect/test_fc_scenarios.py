"""Failure logins at the demo identity provider and adversarial responses toward the client."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

import pytest
from joserfc.errors import JoseError

from franceconnect_mock.context import FcMock
from franceconnect_mock.protocol.jose import peek
from tests.support.franceconnect import Journey, assert_page, verify

FAILURES = [("fi_sans_sub", "Y020001", "has no sub claim"),
            ("fi_reponse_illisible", "Y020002", "neither JSON"),
            ("fi_erreur_401", "Y020401", "HTTP 401"), ("fi_erreur_500", "Y020500", "HTTP 500"),
            ("fi_erreur_502", "Y020502", "HTTP 502"), ("fi_erreur_503", "Y020503", "HTTP 503")]


@pytest.mark.parametrize(("login", "code", "why"), FAILURES)
def test_failure_login_shows_the_error_page(journey: Journey, fc_ctx: FcMock, login: str, code: str,
                                            why: str) -> None:
    journey.to_login(journey.authorize())
    assert_page(journey.login(login), code, why)
    logged = fc_ctx.journal.entries(client_id="fs-test", endpoint="interaction")
    assert logged[0]["y_code"] == code and why in logged[0]["why"]


def test_failure_login_needs_the_password_too(journey: Journey) -> None:
    journey.to_login(journey.authorize())
    assert journey.login("fi_erreur_500", "mauvais").status_code == 400


def test_delay_login_waits_32_seconds_then_signs_in(journey: Journey, fc_ctx: FcMock) -> None:
    waited: list[float] = []
    fc_ctx.sleep = waited.append
    journey.to_login(journey.authorize())
    response = journey.login("fi_delai_32s")
    assert waited == [32] and response.status_code == 303
    assert response.headers["Location"].endswith("/consentement")


def tokens_with(journey: Journey, login: str, **overrides: str) -> dict[str, str]:
    return journey.tokens(login, **overrides)


def test_bad_signature(journey: Journey) -> None:
    tokens = tokens_with(journey, "adv_signature_invalide")
    with pytest.raises(JoseError):
        verify(tokens["id_token"], journey.jwks(), "ES256")
    with pytest.raises(JoseError):
        verify(journey.userinfo(tokens["access_token"]).get_data(as_text=True), journey.jwks(), "ES256")


def test_unknown_kid(journey: Journey) -> None:
    header, _ = peek(tokens_with(journey, "adv_kid_inconnu")["id_token"])
    assert header["kid"] not in {k["kid"] for k in journey.jwks()["keys"]}


def test_alg_none(journey: Journey) -> None:
    token = tokens_with(journey, "adv_alg_none")["id_token"]
    header, claims = peek(token)
    assert header["alg"] == "none" and token.endswith(".") and claims and claims["aud"] == "fs-test"


def test_hs256_keyed_with_the_public_key(journey: Journey, fc_ctx: FcMock) -> None:
    token = tokens_with(journey, "adv_hs256_cle_publique")["id_token"]
    header, _ = peek(token)
    assert header["alg"] == "HS256"
    pem = fc_ctx.keyring.signing_key("ES256").key.as_pem(private=False)
    signing_input, signature = token.rsplit(".", 1)
    expected = hmac.new(pem, signing_input.encode(), hashlib.sha256).digest()
    assert base64.urlsafe_b64encode(expected).rstrip(b"=").decode() == signature


@pytest.mark.parametrize(("login", "claim", "value"), [
    ("adv_mauvais_aud", "aud", "un-autre-fournisseur-de-service"),
    ("adv_mauvais_iss", "iss", "https://fc-imposteur.example/api/v2"),
    ("adv_mauvais_nonce", "nonce", "nonce-qui-ne-correspond-a-aucune-demande"),
    ("adv_acr_degrade", "acr", "eidas0"),
])
def test_properly_signed_but_wrong_claim(journey: Journey, login: str, claim: str, value: str) -> None:
    _, claims = verify(tokens_with(journey, login)["id_token"], journey.jwks(), "ES256")
    assert claims[claim] == value


def test_expired(journey: Journey, fc_ctx: FcMock) -> None:
    _, claims = verify(tokens_with(journey, "adv_expire")["id_token"], journey.jwks(), "ES256")
    assert claims["exp"] < fc_ctx.clock.now() - 3000


def test_tampered_state(journey: Journey) -> None:
    params = journey.params()
    callback = journey.sign_in("adv_state_modifie", state=params["state"], nonce=params["nonce"])
    assert callback["state"] != params["state"] and callback["state"][:-1] == params["state"][:-1]


def test_replayed_code_sends_the_previous_response_again(journey: Journey) -> None:
    first = journey.sign_in()
    assert journey.token(first["code"]).status_code == 200
    journey.browser.client.delete_cookie("__Host-fc-session", domain="localhost")
    replayed = journey.sign_in("adv_code_rejoue")
    assert replayed == first
    response = journey.token(replayed["code"])
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_grant"


def test_scenario_switched_on_for_a_client_applies_to_every_login(journey: Journey, fc_ctx: FcMock) -> None:
    fc_ctx.clients.update("fs-test", {"scenario": "wrong_aud"})
    _, claims = verify(journey.tokens("avec_nom_dusage")["id_token"], journey.jwks(), "ES256")
    assert claims["aud"] == "un-autre-fournisseur-de-service"
    fc_ctx.clients.update("fs-test", {"scenario": None})
    journey.browser.client.delete_cookie("__Host-fc-session", domain="localhost")
    _, claims = verify(journey.tokens()["id_token"], journey.jwks(), "ES256")
    assert claims["aud"] == "fs-test"


def test_adversarial_identity_is_the_base_identity(journey: Journey) -> None:
    tokens = tokens_with(journey, "adv_mauvais_aud")
    signed = journey.userinfo(tokens["access_token"]).get_data(as_text=True)
    _, person = verify(signed, journey.jwks(), "ES256")
    assert person["family_name"] == "DUBOIS"


def test_journal_says_which_scenario_shaped_the_answer(journey: Journey, fc_ctx: FcMock) -> None:
    tokens_with(journey, "adv_alg_none")
    entry = fc_ctx.journal.entries(client_id="fs-test", endpoint="token")[0]
    assert entry["scenario"] == "alg_none"
    assert entry["jwts"][0]["role"] == "id_token" and entry["jwts"][0]["header"]["alg"] == "none"
    assert journey.secret not in json.dumps(entry)
