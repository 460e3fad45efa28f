"""Verification of the tokens the voting space receives, as named checks in specification order.

OIDC Core §3.1.3.7 (ID token) and Back-Channel Logout §2.6 (logout token), hardened by RFC 8725:
the algorithm comes from our allow-list, never from the token; header keys that would let the
token choose its own verification key (``jku``, ``jwk``, ``x5u``, ``x5c``) are refused.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, RSAKey

from shared.oidc.jwt import AlgorithmRefused, allowed_alg, header_of
from shared.trace.jwt_view import CheckLog
from voting_rp.oidc.errors import LoginError

FORBIDDEN_HEADERS = ("jku", "jwk", "x5u", "x5c", "crit")
LEEWAY = 30  # seconds of clock skew tolerated on exp / iat
MAX_TOKEN_LENGTH = 16_384  # oversized tokens are refused before any parsing
MAX_IAT_AGE = 600
LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout"


def _header(token: str) -> dict[str, Any]:
    if len(token) > MAX_TOKEN_LENGTH or token.count(".") != 2:
        raise LoginError("jeton mal formé ou trop long")
    try:
        return header_of(token)
    except ValueError as error:
        raise LoginError("en-tête du jeton illisible") from error


def verified_claims(token: str, key_for: Callable[[str | None], dict[str, Any]],
                    checks: CheckLog | None = None) -> dict[str, Any]:
    """Check the header and the signature; return the claims (not yet checked).

    ``checks`` notes each step for the protocol trace; it never changes the outcome.
    """
    checks = checks if checks is not None else CheckLog()
    with checks.check("en-tête"):
        header = _header(token)
    alg = header.get("alg")
    with checks.check("alg", alg=str(alg)[:20]):
        try:  # refuses "none" and HS256 keyed with a public key
            alg = allowed_alg(header)
        except AlgorithmRefused as refused:
            raise LoginError(str(refused)) from refused
        if any(name in header for name in FORBIDDEN_HEADERS):
            raise LoginError("en-tête refusé (jku/jwk/x5u/x5c/crit)")
    with checks.check("signature", kid=str(header.get("kid"))[:100], alg=alg):
        jwk = key_for(header.get("kid"))
        try:  # a kid naming a key of another type (RSA key, ES256 header) fails here, as a refusal
            key = ECKey.import_key(jwk) if alg == "ES256" else RSAKey.import_key(jwk)
            claims = dict(jwt.decode(token, key, algorithms=[alg]).claims)
        except (JoseError, ValueError) as error:
            raise LoginError("signature invalide") from error
    return claims


def check_issuer(claims: dict[str, Any], issuer: str) -> None:
    if claims.get("iss") != issuer:
        raise LoginError("émetteur (iss) inattendu")


def check_audience(claims: dict[str, Any], client_id: str) -> None:
    aud = claims.get("aud")
    audiences = aud if isinstance(aud, list) else [aud]
    if client_id not in audiences:
        raise LoginError("audience (aud) inattendue")
    if len(audiences) > 1 and claims.get("azp") != client_id:
        raise LoginError("partie autorisée (azp) inattendue")


def check_times(claims: dict[str, Any], now: float) -> None:
    exp, iat = claims.get("exp"), claims.get("iat")
    if not isinstance(exp, int) or exp + LEEWAY < now:
        raise LoginError("jeton expiré")
    if not isinstance(iat, int) or iat - LEEWAY > now or now - iat > MAX_IAT_AGE:
        raise LoginError("date d'émission (iat) invalide")


def check_nonce(claims: dict[str, Any], nonce: str) -> None:
    if not nonce or claims.get("nonce") != nonce:
        raise LoginError("nonce inattendu (rejeu ?)")


def check_acr(claims: dict[str, Any], accepted: tuple[str, ...]) -> None:
    """The authentication level must be one asked for, or higher: a downgraded acr is refused."""
    if claims.get("acr") not in accepted:
        raise LoginError(f"niveau d'authentification insuffisant ({claims.get('acr')!r})")


def check_subject(claims: dict[str, Any]) -> None:
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise LoginError("sujet (sub) absent")
    if not isinstance(claims.get("auth_time"), int):
        raise LoginError("auth_time absent")


def check_ours(claims: dict[str, Any], checks: CheckLog, issuer: str, client_id: str) -> None:
    """From our provider (``iss``) and for us (``aud``): every signed JWT we accept (ID token,
    logout token, signed UserInfo)."""
    with checks.check("iss", attendu=issuer):
        check_issuer(claims, issuer)
    with checks.check("aud", attendu=client_id):
        check_audience(claims, client_id)


def verify_id_token(token: str, *, key_for: Callable[[str | None], dict[str, Any]], issuer: str,
                    client_id: str, nonce: str, checks: CheckLog | None = None) -> dict[str, Any]:
    checks = checks if checks is not None else CheckLog()
    claims = verified_claims(token, key_for, checks)
    check_ours(claims, checks, issuer, client_id)
    with checks.check("exp / iat", marge=f"{LEEWAY} s"):
        check_times(claims, time.time())
    with checks.check("nonce"):
        check_nonce(claims, nonce)
    with checks.check("sub / auth_time"):
        check_subject(claims)
    return claims


def verify_logout_token(token: str, *, key_for: Callable[[str | None], dict[str, Any]], issuer: str,
                        client_id: str, checks: CheckLog | None = None) -> dict[str, Any]:
    """Back-Channel Logout 1.0 §2.6: signed, ours, with the event, a sid, and no nonce."""
    checks = checks if checks is not None else CheckLog()
    claims = verified_claims(token, key_for, checks)
    check_ours(claims, checks, issuer, client_id)
    with checks.check("exp / iat", marge=f"{LEEWAY} s"):
        check_times(claims, time.time())
    with checks.check("events / sid / pas de nonce"):
        events = claims.get("events")
        if not isinstance(events, dict) or LOGOUT_EVENT not in events:
            raise LoginError("événement de déconnexion absent")
        if "nonce" in claims or not isinstance(claims.get("sid"), str):
            raise LoginError("jeton de déconnexion invalide")
    return claims
