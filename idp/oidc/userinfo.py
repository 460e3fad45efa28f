"""UserInfo (OIDC Core §5.3): a Bearer RFC 9068 access token, checked here, claims by scope."""

from __future__ import annotations

import time

from flask import Response, current_app, jsonify
from joserfc.errors import JoseError

from idp.context import idp
from idp.oidc import claims, store
from shared.oidc.errors import protocol_description
from shared.oidc.jwt import verify
from shared.timeutil import utcnow


def _refuse(description: str) -> Response:
    text = protocol_description(description)  # RFC 6750 §3: an ASCII subset
    response = jsonify({"error": "invalid_token", "error_description": text})
    response.status_code = 401
    # RFC 6750 §3: the challenge names the error.
    response.headers["WWW-Authenticate"] = f'Bearer error="invalid_token", error_description="{text}"'
    return response


def respond(authorization: str) -> Response:
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token or len(token) > 4096:
        response = _refuse("Jeton d'accès absent.")
        response.headers["WWW-Authenticate"] = "Bearer"
        return response
    issuer = idp().settings.public_url
    try:
        decoded = verify(token, current_app.extensions["keyring"].jwks())
    except (JoseError, ValueError):
        return _refuse("Signature du jeton d'accès invalide.")
    body = decoded.claims
    if decoded.header.get("typ") != "at+jwt" or body.get("iss") != issuer or body.get("aud") != issuer:
        return _refuse("Jeton d'accès non émis pour cette ressource.")
    if not isinstance(body.get("exp"), int) or body["exp"] < time.time():
        return _refuse("Jeton d'accès expiré.")
    issued = store.issued_token(idp().db, str(body.get("jti", "")))
    if issued is None or issued.revoked_at is not None or issued.expires_at < utcnow():
        return _refuse("Jeton d'accès révoqué ou inconnu.")
    try:
        answer = claims.for_scope(idp(), issued.voter_id, issued.scope)
    except LookupError:  # the voter was removed since
        return _refuse("Jeton d'accès révoqué ou inconnu.")
    if answer.get("sub") != body.get("sub"):  # the token's subject is the voter it was issued for
        return _refuse("Jeton d'accès révoqué ou inconnu.")
    response = jsonify(answer)
    response.headers["Cache-Control"] = "no-store"
    return response
