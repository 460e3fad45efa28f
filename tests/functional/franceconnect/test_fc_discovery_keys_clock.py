"""Discovery, the JWKS (an EC and an RSA key, rotation), the issuer setting and the mock clock."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from franceconnect_mock.context import FcMock
from shared.settings import ConfigError
from tests.support.franceconnect import ISSUER, Journey, ctx_of, make_app, verify


def test_discovery_advertises_the_v2_endpoints_and_rules(journey: Journey) -> None:
    doc = journey.browser.get("/api/v2/.well-known/openid-configuration").get_json()
    assert doc["issuer"] == ISSUER
    for name, path in (("authorization_endpoint", "authorize"), ("token_endpoint", "token"),
                       ("userinfo_endpoint", "userinfo"), ("end_session_endpoint", "session/end"),
                       ("jwks_uri", "jwks"), ("revocation_endpoint", "token/revocation")):
        assert doc[name] == f"{ISSUER}/{path}"
    assert doc["token_endpoint_auth_methods_supported"] == ["client_secret_post", "private_key_jwt"]
    assert doc["id_token_signing_alg_values_supported"] == ["ES256", "RS256"]
    assert doc["acr_values_supported"] == ["eidas1"] and doc["response_types_supported"] == ["code"]
    assert "id_token_encryption_alg_values_supported" not in doc


def test_jwks_has_an_ec_and_an_rsa_signing_key_without_private_parts(journey: Journey) -> None:
    keys = journey.jwks()["keys"]
    assert {k["kty"] for k in keys} == {"EC", "RSA"}
    assert all(k["use"] == "sig" and k["kid"] for k in keys)
    assert not any(private in k for k in keys for private in ("d", "p", "q", "dp", "dq", "qi"))


def test_rotation_signs_with_the_published_next_key_and_keeps_the_old_one(journey: Journey,
                                                                         fc_ctx: FcMock) -> None:
    before = journey.tokens()["id_token"]
    old_kid = verify(before, journey.jwks(), "ES256")[0]["kid"]
    next_kid = next(k.kid for k in fc_ctx.keyring.keys() if k.alg == "ES256" and k.state == "next")
    fc_ctx.keyring.rotate(timedelta(hours=1))
    journey.browser.client.delete_cookie("__Host-fc-session", domain="localhost")
    header, _ = verify(journey.tokens()["id_token"], journey.jwks(), "ES256")
    assert header["kid"] == next_kid
    assert old_kid in {k["kid"] for k in journey.jwks()["keys"]}
    verify(before, journey.jwks(), "ES256")  # still verifiable during the overlap


def test_issuer_is_configurable(fc_template: Path, tmp_path: Path) -> None:
    sandbox = "https://fcp.integ01.dev-franceconnect.fr/api/v2"
    app = make_app(fc_template, tmp_path / "bac", FC_ISSUER=sandbox)
    doc = app.test_client().get("/api/v2/.well-known/openid-configuration", base_url="https://localhost").get_json()
    assert doc["issuer"] == sandbox and doc["token_endpoint"] == sandbox + "/token"


def test_issuer_must_be_https(fc_template: Path, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="FC_ISSUER"):
        make_app(fc_template, tmp_path / "http", FC_ISSUER="http://localhost/api/v2")


def test_console_password_is_required_in_production(fc_template: Path, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="FC_CONSOLE_PASSWORD"):
        make_app(fc_template, tmp_path / "prod", ELECTIONS_ENV="production", CAPTCHA_TEST_ANSWER="",
                 SMTP_URL="smtps://relais.example:465", SMS_API_URL="https://sms.example/api")


def test_the_clock_shift_moves_iat_exp_and_auth_time(journey: Journey, fc_ctx: FcMock) -> None:
    fc_ctx.clock.set_offset(3600)
    _, claims = verify(journey.tokens()["id_token"], journey.jwks(), "ES256")
    assert claims["iat"] >= fc_ctx.clock.now() - 5 and claims["auth_time"] >= fc_ctx.clock.now() - 5
    assert ctx_of(journey.app).clock.offset() == 3600


def test_the_clock_offset_is_bounded(fc_ctx: FcMock) -> None:
    with pytest.raises(ValueError, match="décalage"):
        fc_ctx.clock.set_offset(400 * 24 * 3600)
