"""UserInfo (OIDC Core §5.3): a Bearer RFC 9068 access token, checked here, claims by scope.

The token passes through named checks in order (RFC 6750 §2.1, RFC 9068 §4), each noted in the
trace as authorize's are; every refusal is ``invalid_token`` (RFC 6750 §3.1) with its own French
description.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Response, current_app, jsonify
from joserfc.errors import JoseError
from sqlalchemy import Row

from idp.context import idp
from idp.oidc import claims, store
from shared.oidc.errors import InvalidToken, protocol_description
from shared.oidc.jwt import verify
from shared.timeutil import utcnow
from shared.trace import instrument
from shared.trace.jwt_view import CheckLog

MAX_TOKEN_LENGTH = 4096


class NoBearerToken(InvalidToken):
    description = "Jeton d'accès absent."


class BadSignature(InvalidToken):
    description = "Signature du jeton d'accès invalide."


class NotForThisResource(InvalidToken):
    description = "Jeton d'accès non émis pour cette ressource."


class ExpiredToken(InvalidToken):
    description = "Jeton d'accès expiré."


class RevokedOrUnknown(InvalidToken):
    description = "Jeton d'accès révoqué ou inconnu."


@dataclass
class UserInfoRequest:
    """What a UserInfo request presents, then what its checks establish."""

    authorization: str
    token: str = ""
    header: dict[str, Any] = field(default_factory=dict)
    body: dict[str, Any] = field(default_factory=dict)
    issued: Row[Any, Any, Any, Any] | None = None  # the provider's record of the token (store.issued_token)
    answer: dict[str, object] = field(default_factory=dict)


UserInfoCheck = Callable[[UserInfoRequest], None]


def bearer_token(r: UserInfoRequest) -> None:
    """RFC 6750 §2.1: the token in the Authorization header only (never the query, RFC 9700 §2.4)."""
    scheme, _, r.token = r.authorization.partition(" ")
    if scheme.lower() != "bearer" or not r.token or len(r.token) > MAX_TOKEN_LENGTH:
        raise NoBearerToken()


def signed_by_us(r: UserInfoRequest) -> None:
    """Signed by one of the portal's keys, with the allow-list (RFC 8725 §3.1)."""
    try:
        decoded = verify(r.token, current_app.extensions["keyring"].public_keys())
    except (JoseError, ValueError) as error:
        raise BadSignature() from error
    r.header, r.body = dict(decoded.header), dict(decoded.claims)


def access_token_for_us(r: UserInfoRequest) -> None:
    """RFC 9068 §4: ``typ`` at+jwt (not an ID token), issuer and audience this provider."""
    issuer = idp().settings.public_url
    if r.header.get("typ") != "at+jwt" or r.body.get("iss") != issuer or r.body.get("aud") != issuer:
        raise NotForThisResource()


def not_expired(r: UserInfoRequest) -> None:
    if not isinstance(r.body.get("exp"), int) or r.body["exp"] < time.time():
        raise ExpiredToken()


def issued_and_live(r: UserInfoRequest) -> None:
    """Issued by the token endpoint and neither revoked (code replay, RFC 9700 §4.5) nor expired."""
    r.issued = store.issued_token(idp().db, str(r.body.get("jti", "")))
    if r.issued is None or r.issued.revoked_at is not None or r.issued.expires_at < utcnow():
        raise RevokedOrUnknown()


def same_subject(r: UserInfoRequest) -> None:
    """The voter still exists and is the token's subject (OIDC Core §5.3.2: ``sub`` must match)."""
    assert r.issued is not None
    try:
        r.answer = claims.for_scope(idp(), r.issued.voter_id, r.issued.scope)
    except LookupError as error:  # the voter was removed since
        raise RevokedOrUnknown() from error
    if r.answer.get("sub") != r.body.get("sub"):
        raise RevokedOrUnknown()


USERINFO_CHECKS: tuple[UserInfoCheck, ...] = (bearer_token, signed_by_us, access_token_for_us, not_expired,
                                              issued_and_live, same_subject)


def validate(authorization: str, log: CheckLog | None = None) -> dict[str, object]:
    """The claims to answer, or the first :class:`InvalidToken`; ``log`` notes each check by name."""
    request = UserInfoRequest(authorization=authorization)
    (log or CheckLog()).run(USERINFO_CHECKS, request)
    return request.answer


def _refuse(error: InvalidToken) -> Response:
    text = protocol_description(error.description)  # RFC 6750 §3: an ASCII subset
    response = jsonify({"error": error.error, "error_description": text})
    response.status_code = error.status
    if isinstance(error, NoBearerToken):  # RFC 6750 §3.1: no error code without credentials
        response.headers["WWW-Authenticate"] = "Bearer"
    else:  # RFC 6750 §3: the challenge names the error.
        response.headers["WWW-Authenticate"] = f'Bearer error="{error.error}", error_description="{text}"'
    return response


def respond(authorization: str) -> Response:
    try:
        answer = validate(authorization, instrument.endpoint_checks())
    except InvalidToken as error:
        return _refuse(error)
    response = jsonify(answer)
    response.headers["Cache-Control"] = "no-store"
    return response
