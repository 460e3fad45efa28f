"""The end-session checks: the three documented parameters, a hint the mock signed for this client,
an exact post-logout URI, and FranceConnect's own session still alive."""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

from franceconnect_mock.clients.store import Client, ClientRegistry
from franceconnect_mock.journal.trace import trace
from franceconnect_mock.protocol.errors import (
    InvalidIdTokenHint,
    InvalidLogoutRequest,
    PostLogoutRedirectUriNotRegistered,
    SessionNotFound,
)
from franceconnect_mock.protocol.jose import verify_own
from shared.keys import KeyRing

REQUIRED = ("id_token_hint", "state", "post_logout_redirect_uri")
MAX_PARAMETER = 4096


def check_single_values(params: MultiDict[str, str]) -> dict[str, str]:
    repeated = sorted(k for k in params if len(params.getlist(k)) > 1)
    if repeated:
        raise InvalidLogoutRequest(f"parameters must not be provided twice: {', '.join(repeated)}")
    p = {k: params[k] for k in params}
    if any(len(v) > MAX_PARAMETER for v in p.values()):
        raise InvalidLogoutRequest("parameter too long")
    return p


def check_required(p: dict[str, str]) -> None:
    missing = [name for name in REQUIRED if not p.get(name)]
    if missing:
        raise InvalidLogoutRequest(f"missing required parameters: {', '.join(missing)}")


def check_hint_signature(p: dict[str, str], keyring: KeyRing, issuer: str) -> dict[str, Any]:
    """Signed by one of the mock's published keys, for this issuer; an expired hint is fine."""
    trace().jwt("id_token_hint", p["id_token_hint"])
    try:
        claims = verify_own(p["id_token_hint"], keyring)
    except ValueError as exc:
        raise InvalidIdTokenHint(f"could not validate id_token_hint ({exc})") from exc
    if claims.get("iss") != issuer:
        raise InvalidIdTokenHint("id_token_hint was not issued by this issuer")
    return claims


def check_hint_audience(claims: dict[str, Any], clients: ClientRegistry) -> Client:
    audience = claims.get("aud")
    client = clients.get(audience) if isinstance(audience, str) else None
    if client is None or not client.enabled:
        raise InvalidIdTokenHint("id_token_hint audience is not a registered client")
    trace().client_id = client.client_id
    return client


def check_post_logout_uri(p: dict[str, str], client: Client) -> str:
    if p["post_logout_redirect_uri"] not in client.post_logout_redirect_uris:
        raise PostLogoutRedirectUriNotRegistered()
    return p["post_logout_redirect_uri"]


def check_live_session(fc_session: dict[str, Any] | None, claims: dict[str, Any], client: Client,
                       now: int) -> None:
    """FranceConnect must still hold the session that signed this person in to this client."""
    if fc_session is None or fc_session.get("expires_at", 0) < now:
        raise SessionNotFound("no live FranceConnect session for this browser")
    if fc_session.get("subs", {}).get(client.client_id) != claims.get("sub"):
        raise SessionNotFound("id_token_hint does not belong to the current FranceConnect session")
