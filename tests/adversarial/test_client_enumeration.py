"""Attacks on client authentication at the portal's token endpoint: guessing which client ids
exist and how they authenticate, and assertions too big to be worth parsing.

RFC 6749 §5.2 names every such failure ``invalid_client``; the portal gives it one description,
so an unknown client, a known client with a method it did not register and a wrong credential
read the same (the check that refused is in the trace, for reviewers only).
"""

from __future__ import annotations

import requests

from tests.support.oidc import Browser, RegisteredClients, RelyingParty

CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
METHODS = ("client_secret_basic", "client_secret_post", "private_key_jwt")


def refusal(response: requests.Response) -> tuple[int, dict[str, str], str | None]:
    """What a prober sees of a refused token request."""
    return response.status_code, response.json(), response.headers.get("WWW-Authenticate")


def token_form(rp: RelyingParty) -> dict[str, str]:
    return {"grant_type": "authorization_code", "code": "code-devine", "redirect_uri": rp.redirect_uri,
            "code_verifier": "v" * 43}


def test_unknown_client_and_wrong_method_read_the_same_over_basic(clients: RegisteredClients) -> None:
    rp = clients.basic
    unknown = rp.http.post(rp.token_endpoint, data=token_form(rp), auth=("client-devine", "x" * 43),
                           timeout=10)
    wrong_secret = rp.http.post(rp.token_endpoint, data=token_form(rp), auth=(rp.client_id, "x" * 43),
                                timeout=10)
    post_client = clients.post  # registered for client_secret_post, tried here with Basic and its secret
    wrong_method = rp.http.post(rp.token_endpoint, data=token_form(rp),
                                auth=(post_client.client_id, str(post_client.secret)), timeout=10)
    assert refusal(unknown) == refusal(wrong_secret) == refusal(wrong_method)
    assert unknown.status_code == 401 and unknown.json()["error"] == "invalid_client"


def test_unknown_client_and_wrong_method_read_the_same_in_the_body(clients: RegisteredClients) -> None:
    rp = clients.post
    answers = [rp.http.post(rp.token_endpoint, timeout=10, data={
        **token_form(rp), "client_id": client_id, "client_secret": secret})
        for client_id, secret in [("client-devine", "x" * 43), (rp.client_id, "x" * 43),
                                  (clients.basic.client_id, str(clients.basic.secret))]]
    assert len({str(refusal(a)) for a in answers}) == 1
    assert answers[0].status_code == 400 and answers[0].json()["error"] == "invalid_client"


def test_an_assertion_for_an_unknown_client_reads_like_a_bad_one(clients: RegisteredClients) -> None:
    client = clients.jwt
    answers = [client.http.post(client.token_endpoint, timeout=10, data={
        **token_form(client), "client_assertion_type": CLIENT_ASSERTION_TYPE, "client_assertion": assertion})
        for assertion in [client.client_assertion(iss="client-devine", sub="client-devine"),
                          client.client_assertion(aud="https://ailleurs.example/token")]]
    assert refusal(answers[0]) == refusal(answers[1])


def test_the_refusal_does_not_list_the_server_methods(clients: RegisteredClients) -> None:
    rp = clients.basic
    response = rp.http.post(rp.token_endpoint, data=token_form(rp), auth=(rp.client_id, "x" * 43), timeout=10)
    said = response.text + response.headers.get("WWW-Authenticate", "")
    assert not [method for method in METHODS if method in said]


def test_a_40_kb_assertion_is_refused_before_it_is_read(angela: Browser, clients: RegisteredClients) -> None:
    """docs/security.md: tokens over 16 KiB are refused before parsing, client assertions included
    (this one is well signed, by the client's own key)."""
    client = clients.jwt
    authorization = angela.authorize(client)
    big = client.client_assertion(remplissage="x" * 40_000)
    assert len(big) > 40_000
    form = {"grant_type": "authorization_code", "code": authorization.code,
            "redirect_uri": authorization.params["redirect_uri"], "code_verifier": authorization.verifier,
            "client_assertion_type": CLIENT_ASSERTION_TYPE}
    response = client.http.post(client.token_endpoint, data={**form, "client_assertion": big}, timeout=10)
    assert response.status_code == 400 and response.json()["error"] == "invalid_client"
    assert "access_token" not in response.json()
    accepted = client.http.post(client.token_endpoint, timeout=10,
                                data={**form, "client_assertion": client.client_assertion()})
    assert accepted.status_code == 200  # the code survived the refusal
