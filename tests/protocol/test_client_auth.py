"""Client authentication at the token endpoint: each client with its registered method only.

Mirrors the OpenID Foundation Basic OP modules ``oidcc-server`` (client_secret_basic),
``oidcc-server-client-secret-post`` and the private_key_jwt checks of OIDC Core §9 / RFC 7523 §3.
Every refusal is ``invalid_client`` and issues nothing; the code stays unspent for its client.
"""

from __future__ import annotations

import base64
import json
import time

import pytest
import requests
from joserfc import jwt
from joserfc.jwk import ECKey, OctKey

from tests.support.oidc import Authorization, Browser, RegisteredClients, RelyingParty

CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


def token_form(authorization: Authorization) -> dict[str, str]:
    return {"grant_type": "authorization_code", "code": authorization.code,
            "redirect_uri": authorization.params["redirect_uri"], "code_verifier": authorization.verifier}


def assert_invalid_client(response: requests.Response) -> None:
    assert response.status_code in (400, 401), response.text
    body = response.json()
    assert body["error"] == "invalid_client"
    assert "access_token" not in body and "id_token" not in body


@pytest.mark.parametrize("which", ["basic", "post", "jwt"])
def test_each_registered_method_redeems_a_code(which: str, angela: Browser,
                                               clients: RegisteredClients) -> None:
    client: RelyingParty = getattr(clients, which)
    tokens = client.tokens(angela.authorize(client))
    assert tokens["access_token"] and tokens["id_token"]


def test_wrong_secret_basic_is_refused_and_the_code_survives(angela: Browser, rp: RelyingParty) -> None:
    authorization = angela.authorize(rp)
    response = rp.token_request(token_form(authorization), secret="x" * 43)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Basic")
    assert_invalid_client(response)
    assert rp.redeem(authorization).status_code == 200


def test_wrong_secret_post_is_refused(angela: Browser, clients: RegisteredClients) -> None:
    authorization = angela.authorize(clients.post)
    assert_invalid_client(clients.post.token_request(token_form(authorization), secret="x" * 43))


def test_secret_of_another_client_is_refused(angela: Browser, clients: RegisteredClients) -> None:
    authorization = angela.authorize(clients.basic)
    assert_invalid_client(clients.basic.token_request(token_form(authorization), secret=clients.post.secret))


def test_a_method_other_than_the_registered_one_is_refused(angela: Browser, rp: RelyingParty) -> None:
    """A client_secret_basic client may not send its secret in the body (no method downgrade)."""
    authorization = angela.authorize(rp)
    assert_invalid_client(rp.token_request(token_form(authorization), method="client_secret_post"))


def test_no_client_authentication_is_refused(angela: Browser, rp: RelyingParty) -> None:
    authorization = angela.authorize(rp)
    response = rp.http.post(rp.token_endpoint, data={**token_form(authorization), "client_id": rp.client_id},
                            timeout=10)
    assert_invalid_client(response)


def test_unknown_client_is_refused(rp: RelyingParty) -> None:
    form = {"grant_type": "authorization_code", "code": "c", "redirect_uri": rp.redirect_uri}
    response = rp.http.post(rp.token_endpoint, auth=("client-inconnu", "x" * 43), data=form, timeout=10)
    assert_invalid_client(response)


# -- private_key_jwt ---------------------------------------------------------------------------

def with_assertion(client: RelyingParty, authorization: Authorization, assertion: str) -> requests.Response:
    form = {**token_form(authorization), "client_assertion_type": CLIENT_ASSERTION_TYPE,
            "client_assertion": assertion}
    return client.http.post(client.token_endpoint, data=form, timeout=10)


def test_assertion_signed_with_another_key_is_refused(angela: Browser, clients: RegisteredClients) -> None:
    client = clients.jwt
    assert client.private_jwk is not None
    intruder = ECKey.generate_key("P-256")
    now = int(time.time())
    forged = jwt.encode({"alg": "ES256", "kid": client.private_jwk["kid"]},
                        {"iss": client.client_id, "sub": client.client_id, "aud": client.token_endpoint,
                         "jti": "jti-intrus", "iat": now, "exp": now + 60}, intruder, algorithms=["ES256"])
    assert_invalid_client(with_assertion(client, angela.authorize(client), forged))


def test_replayed_assertion_is_refused(angela: Browser, clients: RegisteredClients) -> None:
    client = clients.jwt
    assertion = client.client_assertion()
    assert with_assertion(client, angela.authorize(client), assertion).status_code == 200
    assert_invalid_client(with_assertion(client, angela.authorize(client), assertion))


@pytest.mark.parametrize("claims", [
    {"exp": int(time.time()) - 3600, "iat": int(time.time()) - 3700},
    {"aud": "https://autre-fournisseur.example/token"},
    {"iss": "rp-basic"},
    {"sub": "rp-basic", "iss": "rp-basic"},
    {"exp": None},
    {"jti": None},
], ids=["expirée", "autre audience", "iss différent de sub", "autre client", "sans exp", "sans jti"])
def test_assertion_with_bad_claims_is_refused(claims: dict[str, object], angela: Browser,
                                              clients: RegisteredClients) -> None:
    client = clients.jwt
    assert_invalid_client(with_assertion(client, angela.authorize(client), client.client_assertion(**claims)))


def test_unsigned_assertion_is_refused(angela: Browser, clients: RegisteredClients) -> None:
    client = clients.jwt
    assert client.private_jwk is not None
    now = int(time.time())

    def segment(data: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    unsigned = segment({"alg": "none", "kid": client.private_jwk["kid"]}) + "." + segment(
        {"iss": client.client_id, "sub": client.client_id, "aud": client.token_endpoint,
         "jti": "sans-signature", "iat": now, "exp": now + 60}) + "."
    assert_invalid_client(with_assertion(client, angela.authorize(client), unsigned))


def test_hmac_assertion_is_refused(angela: Browser, clients: RegisteredClients) -> None:
    """HS256 keyed with something public (here, the client's public JWK) is never accepted."""
    client = clients.jwt
    assert client.private_jwk is not None
    public = {k: v for k, v in client.private_jwk.items() if k != "d"}
    key = OctKey.import_key(json.dumps(public, sort_keys=True).encode())
    now = int(time.time())
    forged = jwt.encode({"alg": "HS256", "kid": client.private_jwk["kid"]},
                        {"iss": client.client_id, "sub": client.client_id, "aud": client.token_endpoint,
                         "jti": "hmac", "iat": now, "exp": now + 60}, key, algorithms=["HS256"])
    assert_invalid_client(with_assertion(client, angela.authorize(client), forged))
