"""Two implementations we did not write agree with ours.

pyoidc (the ``oic`` package, Roland Hedberg's certified relying party library) discovers the
portal, sends its own authorization request with PKCE, parses the response, redeems the code with
``client_secret_basic`` or ``client_secret_post`` and checks the ID token with its own JOSE code;
then reads UserInfo. python-jose verifies an ID token (with its ``at_hash``) and an RFC 9068 access
token against the published JWKS. The browser's part (sign-in, redirects) is our HTTP helper.
"""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import urlsplit

import pytest
from jose import jwt as jose_jwt
from jwkest import BadSignature
from oic import rndstr
from oic.oic import Client
from oic.oic.message import AccessTokenResponse, AuthorizationResponse, IdToken, RegistrationResponse
from oic.utils.authn.client import CLIENT_AUTHN_METHOD
from oic.utils.settings import OicClientSettings

from bench.stack import CA, Stack
from tests.support.oidc import ANGELA, Browser, RegisteredClients, RelyingParty, http_session


@pytest.fixture(scope="module")
def voter(live_stack: Stack) -> Browser:
    browser = Browser(live_stack)
    browser.sign_in(ANGELA)
    return browser


def pyoidc_client(stack: Stack, rp: RelyingParty) -> Client:
    """pyoidc configured from discovery and "registered" from the client information we hold."""
    client = Client(client_authn_method=CLIENT_AUTHN_METHOD, settings=OicClientSettings(verify_ssl=str(CA)))
    configuration = client.provider_config(stack.idp_url, keys=False)
    # pyoidc switches TLS verification off for any jwks_uri on "localhost" (oic/utils/keyio.py,
    # KeyJar.add); the JWKS is therefore fetched here with the project CA and handed to its key jar.
    jwks = http_session().get(configuration["jwks_uri"], timeout=10).json()
    client.keyjar.import_jwks(jwks, configuration["issuer"])
    client.store_registration_info(RegistrationResponse(
        client_id=rp.client_id, client_secret=rp.secret, redirect_uris=[rp.redirect_uri],
        token_endpoint_auth_method=rp.auth_method))
    client.redirect_uris = [rp.redirect_uri]
    return client


def pyoidc_flow(stack: Stack, voter: Browser, rp: RelyingParty, scope: list[str]) -> tuple[Client, str, Any]:
    client = pyoidc_client(stack, rp)
    state, nonce = rndstr(24), rndstr(24)
    pkce, verifier = client.add_code_challenge()
    request = client.construct_AuthorizationRequest(request_args={
        "client_id": rp.client_id, "response_type": "code", "scope": scope, "nonce": nonce,
        "redirect_uri": rp.redirect_uri, "state": state, **pkce})
    at_client = voter.follow(voter.get(request.request(client.authorization_endpoint)))
    assert at_client.status_code == 303
    answer = client.parse_response(AuthorizationResponse, info=urlsplit(at_client.headers["Location"]).query,
                                   sformat="urlencoded")
    assert answer["state"] == state and answer["iss"] == stack.idp_url
    tokens = client.do_access_token_request(
        state=state, authn_method=rp.auth_method,
        request_args={"code": answer["code"], "code_verifier": verifier, "redirect_uri": rp.redirect_uri})
    assert isinstance(tokens, AccessTokenResponse), tokens
    return client, state, tokens


@pytest.mark.parametrize(("which", "alg"), [("basic", "ES256"), ("post", "RS256")])
def test_pyoidc_completes_the_code_flow(which: str, alg: str, live_stack: Stack, voter: Browser,
                                        clients: RegisteredClients) -> None:
    rp = getattr(clients, which)
    client, state, tokens = pyoidc_flow(live_stack, voter, rp, ["openid", "email"])
    id_token = tokens["id_token"]  # verified by pyoidc: signature, iss, aud, nonce, exp
    assert id_token["iss"] == live_stack.idp_url and id_token["sub"] == "100001"
    assert id_token.jws_header["alg"] == alg
    userinfo = client.do_user_info_request(state=state, method="GET")
    assert userinfo["sub"] == "100001" and userinfo["email"] == "angela.dubois@ac-paris.fr"


def test_pyoidc_rejects_a_tampered_id_token(live_stack: Stack, voter: Browser,
                                            clients: RegisteredClients) -> None:
    """pyoidc really checks the signature: the same token with one claim changed is refused."""
    client, _state, tokens = pyoidc_flow(live_stack, voter, clients.basic, ["openid"])
    header, payload, signature = tokens["id_token_jwt"].split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["sub"] = "100002"
    tampered = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    with pytest.raises(BadSignature):
        IdToken().from_jwt(f"{header}.{tampered}.{signature}", keyjar=client.keyjar,
                           sender=live_stack.idp_url)


@pytest.fixture(scope="module")
def published_jwks(live_stack: Stack) -> dict[str, Any]:
    return dict(http_session().get(f"{live_stack.idp_url}/oidc/jwks", timeout=10).json())


def jwk_named_by(token: str, jwks: dict[str, Any]) -> dict[str, Any]:
    """The published key the token's ``kid`` names (python-jose leaves that choice to the caller)."""
    kid = jose_jwt.get_unverified_header(token)["kid"]
    return next(key for key in jwks["keys"] if key["kid"] == kid)


def test_python_jose_verifies_id_tokens_with_the_jwks(live_stack: Stack, voter: Browser,
                                                       clients: RegisteredClients,
                                                       published_jwks: dict[str, Any]) -> None:
    for rp, alg in ((clients.basic, "ES256"), (clients.post, "RS256")):
        authorization = voter.authorize(rp)
        tokens = rp.tokens(authorization)
        key = jwk_named_by(tokens["id_token"], published_jwks)
        claims = jose_jwt.decode(tokens["id_token"], key, algorithms=[alg], audience=rp.client_id,
                                 issuer=live_stack.idp_url, access_token=tokens["access_token"])
        assert claims["nonce"] == authorization.params["nonce"] and claims["sub"] == "100001"


def test_python_jose_verifies_access_tokens_with_the_jwks(live_stack: Stack, voter: Browser,
                                                           clients: RegisteredClients,
                                                           published_jwks: dict[str, Any]) -> None:
    access_token = clients.basic.tokens(voter.authorize(clients.basic))["access_token"]
    assert jose_jwt.get_unverified_header(access_token)["typ"] == "at+jwt"
    claims = jose_jwt.decode(access_token, jwk_named_by(access_token, published_jwks), algorithms=["ES256"],
                             audience=live_stack.idp_url, issuer=live_stack.idp_url)
    assert claims["client_id"] == clients.basic.client_id and claims["sub"] == "100001"


def test_python_jose_refuses_an_id_token_for_another_audience(live_stack: Stack, voter: Browser,
                                                              clients: RegisteredClients,
                                                              published_jwks: dict[str, Any]) -> None:
    id_token = clients.basic.tokens(voter.authorize(clients.basic))["id_token"]
    with pytest.raises(jose_jwt.JWTClaimsError):
        jose_jwt.decode(id_token, jwk_named_by(id_token, published_jwks), algorithms=["ES256"],
                        audience=clients.post.client_id, issuer=live_stack.idp_url,
                        options={"verify_at_hash": False})
