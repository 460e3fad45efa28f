"""Signing in through a provider: the request (state, nonce, PKCE bound to the browser session,
each used once) and the callback (RFC 9207 ``iss``, state, code exchange, ID token checks).
"""

from __future__ import annotations

import logging
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import session

from shared.pending import PendingRequests
from shared.sessions import regenerate_session
from shared.timeutil import paris_short
from shared.trace import instrument
from shared.trace.jwt_view import CheckLog, observe_binding
from voting_rp.context import voting
from voting_rp.oidc.errors import LoginError
from voting_rp.oidc.provider import Provider
from voting_rp.oidc.tokens import check_acr, verify_id_token

log = logging.getLogger(__name__)
REQUEST_LIFETIME = 600
MAX_PENDING = 5
PENDING = PendingRequests("oidc_requests", size=MAX_PENDING, lifetime=REQUEST_LIFETIME)


# What a voting session shows of the voter (``open_voting_session``); ``derniereConnexion`` is
# absent at a first sign-in, so it is taken when present but never waited for.
SESSION_CLAIMS = ("given_name", "family_name", "email", "electeurId", "academie")


@dataclass(frozen=True)
class Login:
    provider: str
    claims: dict[str, Any]
    id_token: str
    access_token: str
    purpose: str


def begin(provider: Provider, purpose: str, *, accept_acr: tuple[str, ...] = (), **extra: str) -> str:
    """The authorization URL; state, nonce and PKCE verifier wait in this browser's session, with
    the authentication levels the ID token may carry (``accept_acr``: what is asked, or higher)."""
    state, nonce, verifier = (secrets.token_urlsafe(32) for _ in range(3))
    PENDING.put(state, {"provider": provider.config.name, "nonce": nonce, "verifier": verifier,
                        "purpose": purpose, "acr": extra.get("acr_values"), "accept_acr": list(accept_acr),
                        "created": time.time()})
    url = provider.authorization_url(state=state, nonce=nonce, code_verifier=verifier, **extra)
    instrument.redirect_sent(url, "Requête d'autorisation (redirection du navigateur)",
                             peer=provider.config.name)
    return url


def _checked_callback(provider: Provider, args: dict[str, str],
                      checks: CheckLog) -> tuple[dict[str, Any], str]:
    """The pending request the callback answers, and its code (RFC 6749 §4.1.2, RFC 9207)."""
    request = PENDING.pop(args.get("state", ""))  # used once, replay finds nothing
    with checks.check("state"):
        if request is None:
            raise LoginError("state inconnu, expiré ou déjà utilisé")
    with checks.check("fournisseur attendu (mix-up)"):
        if request["provider"] != provider.config.name:
            raise LoginError("réponse reçue sur le retour d'un autre fournisseur (mix-up)")
    with checks.check("iss (RFC 9207)", exige=provider.config.iss_in_response):
        if args.get("iss") != provider.issuer and (provider.config.iss_in_response or "iss" in args):
            raise LoginError("paramètre iss absent ou inattendu (mix-up)")  # RFC 9207 §2.4
    with checks.check("pas d'erreur"):
        if args.get("error"):
            declined = request["purpose"] if args["error"] == "access_denied" else None
            raise LoginError(f"refus du fournisseur : {args['error'][:100]}", declined_purpose=declined)
    code = args.get("code", "")
    with checks.check("code présent"):
        if not code or len(code) > 512:
            raise LoginError("code d'autorisation absent")
    return request, code


def complete(provider: Provider, args: dict[str, str]) -> Login:
    """Check the callback and the ID token; any doubt raises :class:`LoginError`, nothing is opened."""
    name = provider.config.name
    with instrument.received("Réponse d'autorisation reçue (callback)", args, peer=name) as checks:
        request, code = _checked_callback(provider, args, checks)
    tokens = provider.exchange(code, request["verifier"])
    id_token = str(tokens.get("id_token", ""))
    with instrument.verified("id_token", id_token, peer=name) as checks:
        claims = verify_id_token(id_token, key_for=provider.key_for, issuer=provider.issuer,
                                 client_id=provider.config.client_id, nonce=request["nonce"],
                                 checks=checks)
        if request.get("accept_acr"):
            with checks.check("acr (niveau demandé ou supérieur)"):
                check_acr(claims, tuple(request["accept_acr"]))
        observe_binding(checks, claims, str(tokens.get("access_token", "")), request.get("acr"))
    return Login(provider.config.name, claims, id_token, str(tokens.get("access_token", "")),
                 request["purpose"])


def open_voting_session(login: Login, userinfo: dict[str, Any]) -> None:
    """A new session id for a new identity (session fixation), then who the voter is."""
    session.clear()
    regenerate_session()
    session["voter"] = {"sub": login.claims["sub"], "given_name": userinfo.get("given_name", ""),
                        "family_name": userinfo.get("family_name", ""), "email": userinfo.get("email", ""),
                        "electeurId": userinfo.get("electeurId", login.claims["sub"]),
                        "academie": userinfo.get("academie", ""),
                        "derniere_connexion": last_connection_text(userinfo.get("derniereConnexion"))}
    session["id_token"] = login.id_token
    session["op_sid"] = login.claims.get("sid")
    session["auth_time"] = login.claims["auth_time"]


def last_connection_text(seconds: Any) -> str:
    """The portal's previous sign-in as the seeds write it ("30/11/2022 à 20h24"), or ""."""
    if isinstance(seconds, bool) or not isinstance(seconds, int) or not 0 < seconds < 2**33:
        return ""
    return paris_short(datetime.fromtimestamp(seconds, UTC).replace(tzinfo=None))


STEP_UP_MAX_AGE = 300


def fresh_step_up(login: Login, *, expected_sub: str, acr: str) -> bool:
    """The réassort accepts only a fresh ID token, for the same voter, at the challenge level."""
    claims = login.claims
    auth_time = claims.get("auth_time")
    if isinstance(auth_time, bool) or not isinstance(auth_time, int | float):
        return False  # absent or not a number (OIDC Core §2: a JSON number of seconds)
    return (claims.get("sub") == expected_sub and claims.get("acr") == acr
            and time.time() - auth_time <= STEP_UP_MAX_AGE)


def logout_marker(sid: str) -> str:
    return f"op-logout:portail:{sid}"


def ended_by_provider() -> bool:
    """True when the portal has said (back-channel) that this session's portal session ended."""
    sid = session.get("op_sid")
    return bool(sid) and voting().kv.get(logout_marker(str(sid))) is not None
