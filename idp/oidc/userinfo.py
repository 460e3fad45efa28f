"""UserInfo (OIDC Core §5.3): a Bearer RFC 9068 access token, checked here, claims by scope."""

from __future__ import annotations

import time

from flask import Response, current_app, jsonify
from joserfc.errors import JoseError
from sqlalchemy import select

from idp.accounts.models import Voter
from idp.context import idp
from idp.oidc import claims
from idp.oidc.models import IssuedToken
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
    with idp().db.session() as s:
        issued = s.get(IssuedToken, str(body.get("jti", "")))
        voter = s.scalar(select(Voter).where(Voter.electeur_id == str(body.get("sub"))))
    if issued is None or issued.revoked_at is not None or issued.expires_at < utcnow() or voter is None:
        return _refuse("Jeton d'accès révoqué ou inconnu.")
    response = jsonify(claims.for_scope(idp(), voter.id, issued.scope))
    response.headers["Cache-Control"] = "no-store"
    return response
