"""What one HTTP message of the protocol becomes in the trace: redacted parameters, decoded JWTs,
correlation keys and, for a JWKS, the key set itself.

Used by both sides: the Flask hook (requests a service receives) and the ``requests`` hook
(requests a service sends). Both hand over raw values; everything secret is removed here,
before anything is stored.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit, urlunsplit

from shared.trace import correlation
from shared.trace.jwt_view import describe, looks_like_jwt
from shared.trace.redact import (
    JWT_SHOWN_BELOW,
    authorization_header,
    redact_claims,
    redact_params,
    redact_url,
)

# What each protocol endpoint is, in the reviewer's words (matched on the end of the path).
LABELS: tuple[tuple[str, str], ...] = (
    (r"/\.well-known/openid-configuration$", "Document de découverte"),
    (r"/jwks$", "Clés publiques (JWKS)"),
    (r"/authorize/reprise/[^/]+$", "Requête d'autorisation (reprise après interaction)"),
    (r"/authorize$", "Requête d'autorisation"),
    (r"/token/revocation$", "Révocation de jeton"),
    (r"/token$", "Jeton : échange du code d'autorisation"),
    (r"/userinfo$", "UserInfo"),
    (r"/(logout|session/end)$", "Déconnexion (fin de session)"),
    (r"/backchannel-logout$", "Déconnexion back-channel"),
    (r"/callback$", "Réponse d'autorisation reçue (callback)"),
    (r"/(deconnecte|deconnexion)$", "Retour de déconnexion"),
)

_LABELS = tuple((re.compile(pattern), label) for pattern, label in LABELS)


def label_for(path: str) -> str:
    for pattern, label in _LABELS:
        if pattern.search(path):
            return label
    return "Échange"


def without_query(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(query="", fragment=""))


@dataclass
class Part:
    """One side of an exchange, ready to store."""

    shown: dict[str, Any] = field(default_factory=dict)
    jwts: list[dict[str, Any]] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)
    jwks: dict[str, Any] | None = None


def _jwts_of(params: dict[str, Any], part: Part) -> None:
    for name, value in params.items():
        for item in value if isinstance(value, list) else [value]:
            if looks_like_jwt(item):  # an access token may be a JWT too (RFC 9068)
                part.jwts.append(describe(name, item))


def _params_part(params: dict[str, Any], part: Part, key_name: str | None) -> None:
    """Keys and JWTs of ``params``; shown redacted under ``key_name`` (a JWT once, decoded)."""
    if not params:
        return
    part.keys |= correlation.keys_from_params(params)
    _jwts_of(params, part)
    if key_name:
        shown = redact_params(params)
        for name, value in params.items():
            first = value[0] if isinstance(value, list) and value else value
            if looks_like_jwt(first):
                shown[name] = JWT_SHOWN_BELOW
        part.shown[key_name] = shown


def request_part(method: str, url: str, params: dict[str, list[str]],
                 authorization: str | None = None) -> Part:
    part = Part(shown={"method": method, "url": without_query(url)})
    _params_part(params, part, "params")
    if authorization:
        part.shown["authorization"] = authorization_header(authorization)
        part.keys |= correlation.keys_from_authorization(authorization)
        scheme, _, credentials = authorization.partition(" ")
        if scheme.lower() == "bearer" and looks_like_jwt(credentials.strip()):
            part.jwts.append(describe("access_token", credentials.strip()))
    return part


def carries_claims(url: str) -> bool:
    """UserInfo answers with the person's claims (OpenID Connect Core §5.3.2), JSON or signed:
    its body is redacted as claims (names kept, personal values masked)."""
    return urlsplit(url).path.rstrip("/").endswith("/userinfo")


def response_part(status: int | None, content_type: str | None, location: str | None,
                  body: bytes | str | None, *, claims: bool = False) -> Part:
    part = Part(shown={"status": status, "content_type": content_type})
    if location:
        part.shown["location"] = redact_url(location)
        _params_part(parse_qs(urlsplit(location).query, keep_blank_values=True), part, None)
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else (body or "")
    mimetype = (content_type or "").split(";")[0].strip()
    if mimetype == "application/json" and text:
        _json_body(text, part, claims)
    elif mimetype == "application/jwt" and text:
        part.shown["body"] = JWT_SHOWN_BELOW
        part.jwts.append(describe("userinfo", text.strip()))
    return part


def _json_body(text: str, part: Part, claims: bool) -> None:
    try:
        body = json.loads(text)
    except ValueError:
        part.shown["body"] = "(JSON illisible)"
        return
    if not isinstance(body, dict):
        return
    if claims and "error" not in body:
        part.shown["body"] = redact_claims(body)
        return
    if isinstance(body.get("keys"), list):  # a JWKS: public keys, kept for offline verification
        part.jwks = {"keys": [k for k in body["keys"] if isinstance(k, dict)]}
        part.shown["body"] = {"keys": [{n: k.get(n) for n in ("kid", "kty", "alg", "use", "crv")}
                                       for k in part.jwks["keys"]]}
        return
    _params_part(body, part, "body")


def form_params(content_type: str | None, body: bytes | str | None) -> dict[str, list[str]]:
    """The parameters of a form-encoded body (what OAuth token and logout requests carry)."""
    if not body or "application/x-www-form-urlencoded" not in (content_type or ""):
        return {}
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    return parse_qs(text, keep_blank_values=True)


def query_params(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query, keep_blank_values=True)


def is_authorization_response(location: str | None, own_host: str) -> bool:
    """A redirect leaving this service with ``code`` or ``error`` and ``state``: an OAuth answer."""
    if not location:
        return False
    parts = urlsplit(location)
    if not parts.netloc or parts.netloc == own_host:
        return False
    names = set(parse_qs(parts.query))
    return "state" in names and bool(names & {"code", "error"})
