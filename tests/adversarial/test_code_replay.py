"""Authorization codes: single use, 60 seconds, bound to the client and the redirect URI.

Mirrors the OpenID Foundation Basic OP modules ``oidcc-codereuse`` and ``oidcc-codereuse-30seconds``
(a second redemption is refused and what the first one issued is revoked, RFC 6749 §4.1.2 and
RFC 9700 §4.5), plus the token endpoint checks of RFC 6749 §4.1.3 (client, redirect URI).
"""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta

import requests

from bench.stack import Stack
from tests.support.oidc import Browser, RegisteredClients, RelyingParty, alter_code


def assert_refused(response: requests.Response, error: str = "invalid_grant") -> None:
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["error"] == error
    assert "access_token" not in body and "id_token" not in body


def test_second_redemption_is_refused_and_revokes_the_first_access_token(
        angela: Browser, rp: RelyingParty) -> None:
    authorization = angela.authorize(rp)
    first = rp.tokens(authorization)
    assert rp.userinfo(first["access_token"]).status_code == 200
    assert_refused(rp.redeem(authorization))
    refused = rp.userinfo(first["access_token"])
    assert refused.status_code == 401
    assert 'error="invalid_token"' in refused.headers["WWW-Authenticate"]


def test_code_issued_to_another_client_is_refused(angela: Browser, clients: RegisteredClients) -> None:
    authorization = angela.authorize(clients.basic)
    stolen = clients.post.redeem(authorization, redirect_uri=clients.basic.redirect_uri)
    assert_refused(stolen)


def test_other_registered_redirect_uri_at_token_endpoint_is_refused(angela: Browser,
                                                                    rp: RelyingParty) -> None:
    authorization = angela.authorize(rp)
    assert_refused(rp.redeem(authorization, redirect_uri=f"{rp.redirect_uri}?depuis=portail"))


def test_missing_redirect_uri_at_token_endpoint_is_refused(angela: Browser, rp: RelyingParty) -> None:
    """OIDC Core §3.1.3.2: the redirect_uri of the authorization request must be repeated."""
    assert_refused(rp.redeem(angela.authorize(rp), redirect_uri=None))


def test_expired_code_is_refused(angela: Browser, rp: RelyingParty, live_stack: Stack) -> None:
    authorization = angela.authorize(rp)
    # Sixty seconds are not waited for: the code's expiry is moved into the past in the
    # provider's own database, the state it would reach by itself.
    past = (datetime.now(UTC).replace(tzinfo=None) - timedelta(seconds=1)).isoformat(sep=" ")
    alter_code(live_stack, authorization.code, expires_at=past)
    assert_refused(rp.redeem(authorization))


def test_code_lives_at_most_sixty_seconds(angela: Browser, rp: RelyingParty, live_stack: Stack) -> None:
    authorization = angela.authorize(rp)
    digest = hashlib.sha256(authorization.code.encode()).hexdigest()
    with closing(sqlite3.connect(live_stack.data_dir / "idp.db")) as db:
        (expires_at,) = db.execute("SELECT expires_at FROM oidc_codes WHERE digest = ?", (digest,)).fetchone()
    lifetime = datetime.fromisoformat(expires_at) - datetime.now(UTC).replace(tzinfo=None)
    assert timedelta(seconds=50) < lifetime <= timedelta(seconds=60)


def test_unknown_code_is_refused(rp: RelyingParty) -> None:
    assert_refused(rp.token_request({"grant_type": "authorization_code", "code": "code-inventé",
                                     "redirect_uri": rp.redirect_uri, "code_verifier": "v" * 43}))


def test_missing_code_is_refused(rp: RelyingParty) -> None:
    assert_refused(rp.token_request({"grant_type": "authorization_code", "redirect_uri": rp.redirect_uri}),
                   "invalid_request")


def test_repeated_code_parameter_is_refused(angela: Browser, rp: RelyingParty) -> None:
    """RFC 6749 §3.2: request parameters MUST NOT be included more than once."""
    authorization = angela.authorize(rp)
    form = [("grant_type", "authorization_code"), ("code", authorization.code), ("code", authorization.code),
            ("redirect_uri", rp.redirect_uri), ("code_verifier", authorization.verifier)]
    response = rp.http.post(rp.token_endpoint, data=form, auth=(rp.client_id, str(rp.secret)), timeout=10)
    assert_refused(response, "invalid_request")
