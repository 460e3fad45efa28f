"""``state`` comes back as sent; ``nonce`` goes into the ID token and cannot be replayed.

Mirrors the OpenID Foundation Basic OP modules ``oidcc-ensure-request-without-nonce-succeeds-for-code-flow``
and the state/nonce checks of ``oidcc-server`` (OIDC Core §3.1.2.1, §3.1.3.7 item 11).
"""

from __future__ import annotations

from typing import Any

from tests.support.oidc import Browser, RelyingParty, decode_jwt


def test_state_comes_back_exactly_even_with_reserved_characters(angela: Browser, rp: RelyingParty) -> None:
    state = "a b&c=d/é?#%+"
    assert angela.authorize(rp, state=state).answer["state"] == state


def test_no_state_sent_none_returned(angela: Browser, rp: RelyingParty) -> None:
    answer = angela.authorize(rp, state=None).answer
    assert "state" not in answer and answer["code"]


def test_nonce_is_in_the_id_token(angela: Browser, rp: RelyingParty, jwks: dict[str, Any]) -> None:
    authorization = angela.authorize(rp, nonce="nonce-é-&-=")
    claims = decode_jwt(rp.tokens(authorization)["id_token"], jwks).claims
    assert claims["nonce"] == "nonce-é-&-="


def test_request_without_nonce_succeeds_for_the_code_flow(angela: Browser, rp: RelyingParty,
                                                          jwks: dict[str, Any]) -> None:
    claims = decode_jwt(rp.tokens(angela.authorize(rp, nonce=None))["id_token"], jwks).claims
    assert "nonce" not in claims


def test_replayed_nonce_gets_no_code(angela: Browser, rp: RelyingParty) -> None:
    first = angela.authorize(rp)
    assert first.code
    replay = angela.authorize(rp, nonce=first.params["nonce"])
    answer = replay.answer
    assert answer["error"] == "invalid_request" and "code" not in answer
    assert answer["state"] == replay.params["state"]
    assert answer["error_description"] == "Ce nonce a deja servi pour ce client (rejeu ?)."
