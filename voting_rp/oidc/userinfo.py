"""The voter's claims: from the verified ID token when it carries them, else from UserInfo with the
access token (the ID token already proved who the voter is)."""

from __future__ import annotations

from typing import Any

from shared.trace import instrument
from voting_rp.oidc.errors import LoginError
from voting_rp.oidc.provider import Provider
from voting_rp.oidc.tokens import check_ours, verified_claims


def identity(provider: Provider, id_token_claims: dict[str, Any], access_token: str,
             needed: tuple[str, ...]) -> dict[str, Any]:
    """The claims the session needs, from the ID token when it carries every one of them.

    The portal puts the claims of the granted scopes in its ID tokens (OIDC Core §5.4 allows it;
    authlib does so): they come from the token endpoint over the back channel, signed and checked
    (``iss``, ``aud``, ``nonce``, ``exp``), so a UserInfo call would only read them again, at the
    cost of a round trip on both sides of every sign-in. A provider that keeps them for UserInfo
    is read there, and its answer must name the same ``sub``.
    """
    if all(name in id_token_claims for name in needed):
        return id_token_claims
    return fetch(provider, access_token, str(id_token_claims["sub"]))


def fetch(provider: Provider, access_token: str, sub: str) -> dict[str, Any]:
    response = provider.userinfo(access_token)
    if response.status_code != 200:
        raise LoginError(f"userinfo refusé (HTTP {response.status_code})")
    claims = dict(response.json())
    if claims.get("sub") != sub:  # OIDC Core §5.3.2: must match the ID token's sub
        raise LoginError("userinfo : sujet différent de celui du jeton d'identité")
    return claims


def fetch_signed(provider: Provider, access_token: str, sub: str) -> dict[str, Any]:
    """FranceConnect's UserInfo is a signed JWT (``application/jwt``): verified like an ID token."""
    response = provider.userinfo(access_token)
    content_type = response.headers.get("Content-Type", "")
    if response.status_code != 200 or not content_type.startswith("application/jwt"):
        raise LoginError(f"userinfo refusé ou non signé (HTTP {response.status_code})")
    signed = response.text.strip()
    # Kept decoded only: it carries the identity and the e-mail where the link will go.
    with instrument.verified("userinfo", signed, peer=provider.config.name) as checks:
        claims = verified_claims(signed, provider.key_for, checks)
        check_ours(claims, checks, provider.issuer, provider.config.client_id)
        with checks.check("sub = sub du jeton d'identité"):
            if claims.get("sub") != sub:
                raise LoginError("userinfo : sujet différent de celui du jeton d'identité")
    return claims
