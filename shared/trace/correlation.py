"""How events of three services are put together into one voter's journey, without a shared id.

The services never send each other a trace header: what they share are the protocol artefacts
themselves. Each event therefore carries *correlation keys*, each a kind and a short SHA-256
prefix of an artefact it saw (never the artefact):

===========  ==============================================================================
kind         artefact
===========  ==============================================================================
``state``    the ``state`` of an authorization or logout request, and of its response
``nonce``    the ``nonce`` of an authorization request, and of the ID token it produced
``code``     an authorization code (response, callback, token request)
``sid``      the provider session id (ID token ``sid``, logout token ``sid``)
``jti``      the ``jti`` of a JWT
``jwt``      the hash of a whole compact JWT (an ID token, and later its ``id_token_hint``)
``at``       the hash of an access token (token response, then ``Authorization: Bearer``)
``parcours`` a random id kept in one browser's session *within one service*
===========  ==============================================================================

A journey is the transitive closure: two events belong to the same journey when they share a
key, directly or through other events. So the voting space's authorization request (``state``,
``nonce``) joins FranceConnect's authorize endpoint, whose response (``state``, ``code``) joins the
callback, whose token request (``code``) joins FranceConnect's token endpoint, whose response
(``at``) joins the UserInfo call; and the ``parcours`` key joins the steps one browser took in one
service between them. A journey is named by the id of its first event.

Server-to-server events with no artefact (a JWKS served, a discovery document) belong to no
journey; an export adds the JWKS documents its tokens need by ``kid``.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from shared.trace.jwt_view import decode_unverified, fingerprint, looks_like_jwt

KEY_LENGTH = 16
JOURNEY_SESSION_KEY = "_trace_parcours"
PARAM_KINDS = {"state": "state", "nonce": "nonce", "code": "code", "sid": "sid"}
TOKEN_PARAMS = ("id_token", "id_token_hint", "logout_token")


def key(kind: str, value: object) -> str:
    """``kind:hash-prefix`` of ``value`` (the kind is part of the hash: no cross-kind collision)."""
    digest = hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()[:KEY_LENGTH]
    return f"{kind}:{digest}"


def new_journey_id() -> str:
    return secrets.token_urlsafe(12)


def journey_key(service: str, journey_id: str) -> str:
    return key("parcours", f"{service}:{journey_id}")


def keys_from_claims(claims: Mapping[str, Any]) -> set[str]:
    found = set()
    for name in ("nonce", "sid", "jti"):
        if isinstance(claims.get(name), str) and claims[name]:
            found.add(key(name, claims[name]))
    return found


def keys_from_jwt(compact: str) -> set[str]:
    found = {key("jwt", fingerprint(compact))}
    decoded = decode_unverified(compact)
    if isinstance(decoded.get("claims"), dict):
        found |= keys_from_claims(decoded["claims"])
    return found


def keys_from_params(params: Mapping[str, Any]) -> set[str]:
    """Keys of the raw (not yet redacted) parameters or JSON members of one message."""
    found: set[str] = set()
    for name, value in params.items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            if not isinstance(item, str) or not item:
                continue
            if name in PARAM_KINDS:
                found.add(key(PARAM_KINDS[name], item))
            elif name in ("access_token", "token"):
                found.add(key("at", item))
            elif name in TOKEN_PARAMS and looks_like_jwt(item):
                found |= keys_from_jwt(item)
    return found


def keys_from_authorization(header: str | None) -> set[str]:
    scheme, _, credentials = (header or "").partition(" ")
    return {key("at", credentials.strip())} if scheme.lower() == "bearer" and credentials else set()


def group(event_keys: Mapping[int, Iterable[str]]) -> list[set[int]]:
    """Events sharing a key, directly or transitively, in one set (union-find over the keys)."""
    parent: dict[int, int] = {event: event for event in event_keys}

    def root(event: int) -> int:
        while parent[event] != event:
            parent[event] = parent[parent[event]]
            event = parent[event]
        return event

    first_with: dict[str, int] = {}
    for event, keys in event_keys.items():
        for k in keys:
            if k in first_with:
                a, b = root(first_with[k]), root(event)
                if a != b:
                    parent[max(a, b)] = min(a, b)
            else:
                first_with[k] = event
    groups: dict[int, set[int]] = {}
    for event in event_keys:
        groups.setdefault(root(event), set()).add(event)
    return list(groups.values())
