"""PKCE (RFC 7636), required with S256 for every client, confidential ones included (RFC 9700 §2.1.1).

The Basic OP certification has no PKCE module; these follow node-oidc-provider's ``test/pkce/``:
a request without a challenge or with ``plain`` gets no code, and a code is only redeemed with the
verifier of its own challenge. Every code carries a challenge; the one case the authorization
endpoint cannot produce (a code without challenge, then redeemed with a verifier: RFC 9700 §4.8.2,
downgrade) is made by blanking the challenge in the provider's database.
"""

from __future__ import annotations

from typing import Any

import pytest

from bench.stack import Stack
from tests.support.oidc import Browser, RelyingParty, alter_code, pkce_pair

MISSING = "PKCE est obligatoire : code_challenge manquant."
ONLY_S256 = "Seule la methode PKCE 'S256' est acceptee."  # error_description: ASCII (RFC 6749)


@pytest.mark.parametrize(("override", "description"), [
    ({"code_challenge": None, "code_challenge_method": None}, MISSING),
    ({"code_challenge": None}, MISSING),
    ({"code_challenge_method": "plain"}, ONLY_S256),
    ({"code_challenge_method": None}, ONLY_S256),
    ({"code_challenge_method": "s256"}, ONLY_S256),
])
def test_request_without_an_s256_challenge_gets_no_code(
        override: dict[str, Any], description: str, angela: Browser, rp: RelyingParty,
        live_stack: Stack) -> None:
    answer = angela.authorize(rp, **override).answer
    assert answer["error"] == "invalid_request"
    assert answer["error_description"] == description
    assert answer["iss"] == live_stack.idp_url and "code" not in answer


def test_malformed_challenge_gets_no_code(angela: Browser, rp: RelyingParty) -> None:
    answer = angela.authorize(rp, code_challenge="trop-court").answer
    assert answer["error"] == "invalid_request" and "code" not in answer


def test_wrong_verifier_is_refused(angela: Browser, rp: RelyingParty) -> None:
    other_verifier, _challenge = pkce_pair()
    response = rp.redeem(angela.authorize(rp), code_verifier=other_verifier)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant" and "access_token" not in response.json()


def test_verifier_of_another_authorization_is_refused(angela: Browser, rp: RelyingParty) -> None:
    first, second = angela.authorize(rp), angela.authorize(rp)
    response = rp.redeem(second, code_verifier=first.verifier)
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"


def test_the_challenge_itself_is_not_a_verifier(angela: Browser, rp: RelyingParty) -> None:
    """What an eavesdropper of the front channel saw (the challenge) does not redeem the code."""
    authorization = angela.authorize(rp)
    response = rp.redeem(authorization, code_verifier=authorization.params["code_challenge"])
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"


def test_missing_verifier_is_refused(angela: Browser, rp: RelyingParty) -> None:
    response = rp.redeem(angela.authorize(rp), code_verifier=None)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request" and "access_token" not in response.json()


def test_malformed_verifier_is_refused(angela: Browser, rp: RelyingParty) -> None:
    response = rp.redeem(angela.authorize(rp), code_verifier="court")
    assert response.status_code == 400 and response.json()["error"] == "invalid_request"


def test_verifier_for_a_code_issued_without_challenge_is_refused(angela: Browser, rp: RelyingParty,
                                                                live_stack: Stack) -> None:
    authorization = angela.authorize(rp)
    alter_code(live_stack, authorization.code, code_challenge="")
    response = rp.redeem(authorization)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request" and "access_token" not in response.json()
