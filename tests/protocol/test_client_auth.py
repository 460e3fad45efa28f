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


def test_big_enough_assertion_lifetime_is_accepted(angela: Browser, clients: RegisteredClients) -> None:
    """Four minutes ahead is within the bound: clients may sign their assertion a little early."""
    client = clients.jwt
    assertion = client.client_assertion(exp=int(time.time()) + 240)
    assert with_assertion(client, angela.authorize(client), assertion).status_code == 200


def test_assertion_expiring_far_in_the_future_is_refused(angela: Browser, clients: RegisteredClients) -> None:
    """RFC 7523 §3 item 4: a JWT whose ``exp`` is unreasonably far ahead may be refused; here over
    5 minutes (a replay store that forgets a ``jti`` could otherwise let it be replayed)."""
    client = clients.jwt
    authorization = angela.authorize(client)
    assertion = client.client_assertion(exp=int(time.time()) + 3600)
    assert_invalid_client(with_assertion(client, authorization, assertion))
    assert client.http.post(client.token_endpoint, timeout=10, data={
        **token_form(authorization), "client_assertion_type": CLIENT_ASSERTION_TYPE,
        "client_assertion": client.client_assertion()}).status_code == 200  # the code survived


# -- one method, one client per request ------------------------------------------------------------

@pytest.mark.parametrize("body_secret", ["juste", "fausse"])
def test_basic_and_a_body_secret_together_are_refused(body_secret: str, angela: Browser,
                                                      rp: RelyingParty) -> None:
    """RFC 6749 §2.3: the client MUST NOT use more than one authentication method in a request."""
    authorization = angela.authorize(rp)
    secret = rp.secret if body_secret == "juste" else "x" * 43
    response = rp.token_request({**token_form(authorization), "client_id": rp.client_id,
                                 "client_secret": str(secret)})
    assert response.status_code == 400, response.text
    assert response.json()["error"] == "invalid_request"
    assert "access_token" not in response.json()
    assert rp.redeem(authorization).status_code == 200


def test_basic_and_an_assertion_together_are_refused(angela: Browser, clients: RegisteredClients) -> None:
    client = clients.jwt
    authorization = angela.authorize(client)
    form = {**token_form(authorization), "client_assertion_type": CLIENT_ASSERTION_TYPE,
            "client_assertion": client.client_assertion()}
    response = client.http.post(client.token_endpoint, data=form, auth=("rp-jwt", "x" * 43), timeout=10)
    assert response.status_code == 400 and response.json()["error"] == "invalid_request"


def test_body_client_id_of_another_client_is_refused(angela: Browser, rp: RelyingParty,
                                                     clients: RegisteredClients) -> None:
    """The client_id in the body must name the client that authenticates (RFC 7521 §4.2 for
    assertions; for a secret, two identities in one request are a malformed request)."""
    authorization = angela.authorize(rp)
    response = rp.token_request({**token_form(authorization), "client_id": clients.post.client_id})
    assert response.status_code == 400 and response.json()["error"] == "invalid_request"
    jwt_client = clients.jwt
    jwt_authorization = angela.authorize(jwt_client)
    form = {**token_form(jwt_authorization), "client_id": rp.client_id,
            "client_assertion_type": CLIENT_ASSERTION_TYPE, "client_assertion": jwt_client.client_assertion()}
    response = jwt_client.http.post(jwt_client.token_endpoint, data=form, timeout=10)
    assert response.status_code == 400 and response.json()["error"] == "invalid_request"
    assert rp.redeem(authorization).status_code == 200


def test_body_client_id_of_the_authenticated_client_is_accepted(angela: Browser, rp: RelyingParty) -> None:
    authorization = angela.authorize(rp)
    response = rp.token_request({**token_form(authorization), "client_id": rp.client_id})
    assert response.status_code == 200, response.text


# -- errors a client developer reads (in French, with the RFC's codes) -------------------------------

def test_missing_grant_type_is_an_invalid_request(angela: Browser, rp: RelyingParty) -> None:
    """RFC 6749 §5.2: a missing required parameter is ``invalid_request``; ``unsupported_grant_type``
    is for a grant type the server does not offer."""
    authorization = angela.authorize(rp)
    form = {k: v for k, v in token_form(authorization).items() if k != "grant_type"}
    response = rp.token_request(form)
    assert response.status_code == 400
    assert response.json() == {"error": "invalid_request",
                               "error_description": "Le parametre 'grant_type' est obligatoire."}
    unsupported = rp.token_request({**form, "grant_type": "password"}).json()
    assert unsupported == {"error": "unsupported_grant_type",
                           "error_description": "Seul 'grant_type=authorization_code' est pris en charge."}


@pytest.mark.parametrize(("change", "error", "description"), [
    ({"code": None}, "invalid_request", "Le parametre 'code' est obligatoire."),
    ({"code": "inconnu"}, "invalid_grant",
     "Le code d'autorisation est inconnu, expire, deja utilise ou delivre a un autre client."),
    ({"redirect_uri": "https://ailleurs.example/cb"}, "invalid_grant",
     "'redirect_uri' differe de celle de la demande d'autorisation."),
    ({"code_verifier": None}, "invalid_request", "Le parametre 'code_verifier' (PKCE) est obligatoire."),
    ({"code_verifier": "court"}, "invalid_request",
     "'code_verifier' est mal forme (43 a 128 caracteres non reserves, RFC 7636 4.1)."),
    ({"code_verifier": "v" * 43}, "invalid_grant",
     "'code_verifier' ne correspond pas au 'code_challenge' de la demande d'autorisation."),
], ids=["sans code", "code inconnu", "autre redirect_uri", "sans code_verifier", "code_verifier mal forme",
        "code_verifier faux"])
def test_token_errors_are_described_in_french(change: dict[str, str | None], error: str, description: str,
                                              angela: Browser, rp: RelyingParty) -> None:
    form: dict[str, str | None] = {**token_form(angela.authorize(rp)), **change}
    response = rp.token_request({k: v for k, v in form.items() if v is not None})
    assert response.status_code == 400
    assert response.json() == {"error": error, "error_description": description}
