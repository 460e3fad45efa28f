"""FranceConnect+: eidas2/eidas3, ES256 only, ID token and userinfo as JWE wrapping the JWS."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from joserfc import jwe
from joserfc.jwk import ECKey, RSAKey

from bench.stack import CA
from franceconnect_mock.clients.registration import RegistrationError
from franceconnect_mock.context import FcMock
from tests.support.franceconnect import Journey, ctx_of, make_app, registration, verify
from tests.support.jwks_server import PublishedKeys, serving_jwks

RSA_KEY = RSAKey.generate_key(2048, parameters={"kid": "rp-rsa-enc", "use": "enc"})
EC_KEY = ECKey.generate_key("P-256", parameters={"kid": "rp-ec-enc", "use": "enc"})


@pytest.fixture
def published() -> Iterator[PublishedKeys]:
    jwks = {"keys": [RSA_KEY.as_dict(private=False), EC_KEY.as_dict(private=False)]}
    with serving_jwks(jwks) as keys:
        yield keys


@pytest.fixture
def plus_app(fc_template: Path, tmp_path: Path) -> Flask:
    return make_app(fc_template, tmp_path / "fcplus", FC_PLATFORM="fcp-high", CA_BUNDLE=str(CA))


def plus_journey(app: Flask, published: PublishedKeys, alg: str = "RSA-OAEP-256",
                 **overrides: object) -> Journey:
    data = registration(client_id=f"fs-plus-{alg.lower()}", jwks_uri=published.url, encryption_alg=alg,
                        **overrides)
    ctx_of(app).clients.register(data)
    return Journey(app, client_id=str(data["client_id"]), secret=str(data["client_secret"]))


def decrypt(token: str, key: RSAKey | ECKey) -> tuple[dict[str, object], str]:
    """The JWE's protected header and the JWS inside, with the client's private key."""
    head = token.split(".")[0]
    alg = json.loads(base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)))["alg"]
    decrypted = jwe.decrypt_compact(token, key, algorithms=[alg, "A256GCM"])
    assert decrypted.plaintext is not None
    return dict(decrypted.protected), decrypted.plaintext.decode()


@pytest.mark.parametrize(("alg", "key"), [("RSA-OAEP", RSA_KEY), ("RSA-OAEP-256", RSA_KEY),
                                          ("ECDH-ES", EC_KEY)])
def test_id_token_and_userinfo_are_jwe_wrapping_an_es256_jws(plus_app: Flask, published: PublishedKeys,
                                                             alg: str, key: RSAKey | ECKey) -> None:
    journey = plus_journey(plus_app, published, alg)
    tokens = journey.tokens(acr_values="eidas2", idp="fip1-high")
    assert len(tokens["id_token"].split(".")) == 5
    header, inner = decrypt(tokens["id_token"], key)
    assert header["alg"] == alg and header["enc"] == "A256GCM" and header["cty"] == "JWT"
    assert header["kid"] == key.kid
    jws_header, claims = verify(inner, journey.jwks(), "ES256")
    assert jws_header["alg"] == "ES256" and claims["acr"] == "eidas2"

    response = journey.userinfo(tokens["access_token"])
    assert response.status_code == 200 and response.mimetype == "application/jwt"
    _, inner = decrypt(response.get_data(as_text=True), key)
    _, person = verify(inner, journey.jwks(), "ES256")
    assert person["family_name"] == "DUBOIS" and person["sub"] == claims["sub"]
    assert published.hits  # fetched from the client's jwks_uri, over HTTPS


@pytest.mark.parametrize(("asked", "returned"), [("eidas2", "eidas2"), ("eidas3", "eidas3"),
                                                 ("eidas2 eidas3", "eidas2"), ("inconnu", "eidas3")])
def test_fc_plus_acr_rules(plus_app: Flask, published: PublishedKeys, asked: str, returned: str) -> None:
    journey = plus_journey(plus_app, published)
    tokens = journey.tokens(acr_values=asked, idp="fip1-high")
    _, inner = decrypt(tokens["id_token"], RSA_KEY)
    assert verify(inner, journey.jwks(), "ES256")[1]["acr"] == returned


def test_eidas1_on_fc_plus_is_invalid_acr(plus_app: Flask, published: PublishedKeys) -> None:
    journey = plus_journey(plus_app, published)
    response = journey.authorize(acr_values="eidas1")
    assert response.status_code == 303
    assert "error=invalid_acr" in response.headers["Location"]
    assert "expected+eidas2+eidas3%2C+got+eidas1" in response.headers["Location"]


def test_fc_plus_discovery_lists_the_encryption(plus_app: Flask) -> None:
    doc = plus_app.test_client().get("/api/v2/.well-known/openid-configuration", base_url="https://localhost")
    body = doc.get_json()
    assert body["acr_values_supported"] == ["eidas2", "eidas3"]
    assert body["id_token_signing_alg_values_supported"] == ["ES256"]
    assert body["id_token_encryption_alg_values_supported"] == ["RSA-OAEP", "RSA-OAEP-256", "ECDH-ES"]
    assert body["userinfo_encryption_enc_values_supported"] == ["A256GCM"]


def test_fc_plus_refuses_rs256_localhost_and_missing_keys(plus_app: Flask, published: PublishedKeys) -> None:
    clients = ctx_of(plus_app).clients
    for changes, field in (({"signing_alg": "RS256"}, "signing_alg"),
                           ({"redirect_uris": ["http://localhost:3000/cb"]}, "redirect_uris"),
                           ({"jwks_uri": None}, "jwks_uri"),
                           ({"encryption_alg": "RSA1_5"}, "encryption_alg")):
        with pytest.raises(RegistrationError) as refused:
            clients.register(registration(client_id="fs-refuse", **{"jwks_uri": published.url, **changes}))
        assert field in refused.value.errors


def test_fc_plus_has_no_single_sign_on_and_a_ten_minute_session(plus_app: Flask,
                                                                 published: PublishedKeys) -> None:
    journey = plus_journey(plus_app, published)
    journey.tokens(acr_values="eidas2", idp="fip1-high")
    again = journey.browser.follow(journey.authorize(acr_values="eidas2"))
    assert again.status_code == 200  # the chooser again
    auth = journey.browser.client.get_cookie("__Host-fc-session", domain="localhost")
    assert auth is not None
    ctx: FcMock = ctx_of(plus_app)
    assert ctx.config.platform.session_seconds == 600


def test_per_client_fc_plus_on_a_v2_instance(fc_template: Path, tmp_path: Path,
                                             published: PublishedKeys) -> None:
    v2_app = make_app(fc_template, tmp_path / "v2", CA_BUNDLE=str(CA))
    journey = plus_journey(v2_app, published, platform="fcp-high")
    tokens = journey.tokens(acr_values="eidas3", idp="fip1-high")
    _, inner = decrypt(tokens["id_token"], RSA_KEY)
    assert verify(inner, journey.jwks(), "ES256")[1]["acr"] == "eidas3"


def test_encryption_key_missing_at_jwks_uri_is_a_server_error(plus_app: Flask,
                                                              published: PublishedKeys) -> None:
    journey = plus_journey(plus_app, published, "ECDH-ES")
    published.jwks = {"keys": [RSA_KEY.as_dict(private=False)]}  # the EC key is gone
    callback = journey.sign_in(acr_values="eidas2", idp="fip1-high")
    response = journey.token(callback["code"])
    assert response.status_code == 500 and response.get_json()["error"] == "server_error"

