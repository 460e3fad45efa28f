"""An independent client (pyoidc) against the running mock, over HTTPS.

With ``client_secret_post`` it completes a FranceConnect v2 flow and verifies the ID token and the
signed userinfo with its own JOSE stack; configured with ``client_secret_basic`` it is refused, as
the real service refuses it.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
import requests
from jwkest import BadSignature
from oic.oauth2.message import ErrorResponse
from oic.oic import Client
from oic.oic.message import AccessTokenResponse, AuthorizationResponse, OpenIDSchema, RegistrationResponse
from oic.utils.authn.client import CLIENT_AUTHN_METHOD
from oic.utils.settings import OicClientSettings

from bench.stack import CA
from tests.support.fc_stack import FcProcess, HttpBrowser, start_franceconnect

CALLBACK = "https://localhost:9/pyoidc/callback"
SECRET = "secret-pyoidc-" + "p" * 32
CLIENT = {"client_id": "fs-pyoidc", "name": "Client pyoidc", "redirect_uris": [CALLBACK],
          "post_logout_redirect_uris": ["https://localhost:9/pyoidc/fin"],
          "scopes": ["openid", "identite_pivot", "email"], "signing_alg": "ES256", "kind": "private",
          "token_endpoint_auth_method": "client_secret_post", "client_secret": SECRET}


TRAPPED = {**CLIENT, "client_id": "fs-pyoidc-piege", "scenario": "bad_signature"}


@pytest.fixture(scope="module")
def fc_process(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FcProcess]:
    running = start_franceconnect(tmp_path_factory.mktemp("fc-pyoidc"), [CLIENT, TRAPPED])
    yield running
    running.stop()


def pyoidc_client(fc: FcProcess, auth_method: str, client_id: str = str(CLIENT["client_id"])) -> Client:
    client = Client(client_authn_method=CLIENT_AUTHN_METHOD,
                    settings=OicClientSettings(verify_ssl=str(CA), timeout=10))
    client.provider_config(fc.issuer)  # discovery, then the JWKS into pyoidc's key jar
    for bundle in client.keyjar.issuer_keys[fc.issuer]:
        bundle.verify_ssl = str(CA)  # pyoidc turns TLS checks off for any "localhost" jwks_uri: back on
    client.store_registration_info(RegistrationResponse(
        client_id=client_id, client_secret=SECRET, redirect_uris=[CALLBACK],
        token_endpoint_auth_method=auth_method, id_token_signed_response_alg="ES256",
        userinfo_signed_response_alg="ES256"))
    client.redirect_uris = [CALLBACK]
    return client


def front_channel(fc: FcProcess, client: Client) -> tuple[AuthorizationResponse, str]:
    state, nonce = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
    request = client.construct_AuthorizationRequest(request_args={
        "response_type": "code", "scope": ["openid", "identite_pivot", "email"], "redirect_uri": CALLBACK,
        "state": state, "nonce": nonce, "acr_values": "eidas1"})
    callback = HttpBrowser(fc).sign_in(request.request(client.authorization_endpoint))
    query = urlsplit(callback).query
    response = client.parse_response(AuthorizationResponse, info=query, sformat="urlencoded")
    assert isinstance(response, AuthorizationResponse), response
    assert response["state"] == state
    return response, nonce


def test_pyoidc_completes_a_v2_flow_with_client_secret_post(fc_process: FcProcess) -> None:
    client = pyoidc_client(fc_process, "client_secret_post")
    authorization, nonce = front_channel(fc_process, client)
    tokens = client.do_access_token_request(state=authorization["state"], request_args={
        "code": authorization["code"], "redirect_uri": CALLBACK}, authn_method="client_secret_post")
    assert isinstance(tokens, AccessTokenResponse), tokens
    assert "refresh_token" not in tokens and tokens["expires_in"] == 60
    id_token = tokens["id_token"]  # pyoidc verified its signature (ES256, key from the JWKS), iss and aud
    assert id_token.jws_header["alg"] == "ES256"
    assert id_token["iss"] == fc_process.issuer and id_token["aud"] == [CLIENT["client_id"]]
    assert id_token["nonce"] == nonce and id_token["acr"] == "eidas1"

    userinfo = client.do_user_info_request(method="GET", state=authorization["state"])  # Bearer header
    assert isinstance(userinfo, OpenIDSchema), userinfo
    assert userinfo["sub"] == id_token["sub"]
    assert userinfo["given_name"] == "Angela Claire Louise" and userinfo["family_name"] == "DUBOIS"
    assert userinfo["birthcountry"] == "99100"


def test_pyoidc_with_client_secret_basic_is_refused(fc_process: FcProcess) -> None:
    client = pyoidc_client(fc_process, "client_secret_basic")
    authorization, _ = front_channel(fc_process, client)
    refused = client.do_access_token_request(state=authorization["state"], request_args={
        "code": authorization["code"], "redirect_uri": CALLBACK}, authn_method="client_secret_basic")
    assert isinstance(refused, ErrorResponse)
    assert refused["error"] == "invalid_client"
    assert "client_secret_basic is not accepted" in refused["error_description"]


def test_pyoidc_refuses_the_mocks_bad_signature_and_the_report_credits_it(fc_process: FcProcess) -> None:
    client = pyoidc_client(fc_process, "client_secret_post", str(TRAPPED["client_id"]))
    authorization, _ = front_channel(fc_process, client)
    with pytest.raises(BadSignature):
        client.do_access_token_request(state=authorization["state"], request_args={
            "code": authorization["code"], "redirect_uri": CALLBACK}, authn_method="client_secret_post")
    report = requests.get(f"{fc_process.url}/console/api/clients/fs-pyoidc-piege/report", verify=str(CA),
                          timeout=10).json()
    check = next(c for c in report["checks"] if c["scenario"] == "bad_signature")
    assert check["status"] == "vérifié" and check["applied"] == 1
