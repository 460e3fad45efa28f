"""Signing and verifying JWTs with an explicit algorithm allow-list (never ``none``, never HS*)."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from joserfc import jwt
from joserfc.jwk import KeySet

from shared.keys import KeyRing

# RFC 8725 §3.1: the verifier decides the algorithms; asymmetric only, so a public key can
# never be used as an HMAC secret (HS/RS confusion) and "alg: none" is never accepted.
ALLOWED_ALGS = ["ES256", "RS256"]


def sign(keyring: KeyRing, alg: str, claims: dict[str, Any], typ: str = "JWT") -> str:
    """Sign ``claims`` with the active key for ``alg``; the header names its ``kid``."""
    key = keyring.signing_key(alg)
    header = {"alg": alg, "typ": typ, "kid": key.kid}
    return jwt.encode(header, claims, key.key, algorithms=[alg])


def verify(token: str, jwks: dict[str, Any], algorithms: list[str] | None = None) -> jwt.Token:
    """Check the signature against ``jwks`` (by ``kid``); claims are checked by the caller."""
    key_set = KeySet.import_key_set(jwks)  # type: ignore[arg-type]
    return jwt.decode(token, key_set, algorithms=algorithms or ALLOWED_ALGS)


def at_hash(access_token: str) -> str:
    """OIDC Core §3.1.3.6: left half of the SHA-256 of the access token (ES256 and RS256 alike)."""
    digest = hashlib.sha256(access_token.encode()).digest()
    return base64.urlsafe_b64encode(digest[: len(digest) // 2]).rstrip(b"=").decode()
