"""Discovery and JWKS, read over HTTPS like any relying party reads them.

Mirrors the OpenID Foundation Basic OP module ``oidcc-discovery-endpoint-verification`` (issuer,
endpoints, supported values) and the JWKS checks of ``oidcc-idtoken-signature``.
"""

from __future__ import annotations

from typing import Any

import pytest

from bench.stack import Stack
from tests.support.oidc import http_session

ACR_LEVELS = ["urn:elections:acr:mot-de-passe", "urn:elections:acr:question-defi"]
PRIVATE_MEMBERS = {"d", "p", "q", "dp", "dq", "qi", "oth", "k"}


@pytest.fixture(scope="module")
def configuration(live_stack: Stack) -> dict[str, Any]:
    response = http_session().get(f"{live_stack.idp_url}/.well-known/openid-configuration", timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    return dict(response.json())


def test_issuer_is_exactly_the_public_base_url(configuration: dict[str, Any], live_stack: Stack) -> None:
    assert configuration["issuer"] == live_stack.idp_url
    assert not configuration["issuer"].endswith("/")


def test_every_endpoint_ishttps_under_the_issuer(configuration: dict[str, Any], live_stack: Stack) -> None:
    for name in ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri",
                 "end_session_endpoint"):
        assert configuration[name].startswith(f"{live_stack.idp_url}/"), name


def test_only_the_code_flow_with_pkce_s256_is_offered(configuration: dict[str, Any]) -> None:
    assert configuration["response_types_supported"] == ["code"]
    assert configuration["grant_types_supported"] == ["authorization_code"]  # no refresh tokens
    assert configuration["code_challenge_methods_supported"] == ["S256"]
    assert configuration["response_modes_supported"] == ["query"]


def test_advertises_only_the_prompts_it_honours(configuration: dict[str, Any]) -> None:
    assert configuration["prompt_values_supported"] == ["login", "none"]


def test_signing_algorithms_are_asymmetric_only(configuration: dict[str, Any]) -> None:
    assert set(configuration["id_token_signing_alg_values_supported"]) == {"ES256", "RS256"}
    assert set(configuration["token_endpoint_auth_signing_alg_values_supported"]) == {"ES256", "RS256"}


def test_client_authentication_methods(configuration: dict[str, Any]) -> None:
    assert set(configuration["token_endpoint_auth_methods_supported"]) == {
        "client_secret_basic", "client_secret_post", "private_key_jwt"}


def test_advertises_rfc9207_acr_levels_and_back_channel_logout(configuration: dict[str, Any]) -> None:
    assert configuration["authorization_response_iss_parameter_supported"] is True
    assert configuration["acr_values_supported"] == ACR_LEVELS
    assert configuration["backchannel_logout_supported"] is True
    assert configuration["backchannel_logout_session_supported"] is True
    assert configuration["request_parameter_supported"] is False
    assert configuration["request_uri_parameter_supported"] is False


def test_jwks_publishes_es256_and_rs256_public_keys_each_with_a_kid(configuration: dict[str, Any]) -> None:
    response = http_session().get(configuration["jwks_uri"], timeout=10)
    assert response.status_code == 200
    keys = response.json()["keys"]
    kids = [key["kid"] for key in keys]
    assert len(kids) == len(set(kids)) and all(kids)
    assert {key["alg"] for key in keys} == {"ES256", "RS256"}
    for key in keys:
        assert key["use"] == "sig"
        assert not PRIVATE_MEMBERS & set(key), f"membre privé publié dans {key['kid']}"
        assert (key["kty"], key.get("crv")) in (("EC", "P-256"), ("RSA", None))
    # Rotation by overlap: besides the active key, each algorithm's next key is already published.
    for alg in ("ES256", "RS256"):
        assert sum(1 for key in keys if key["alg"] == alg) >= 2
