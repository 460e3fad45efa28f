"""Signing and verifying JWTs with an explicit algorithm allow-list (never ``none``, never HS*),
and the one way the project peeks at a JWT's header or claims before verifying it."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from joserfc import jwt
from joserfc.jwk import KeySet

from shared.keys import KeyRing

# RFC 8725 §3.1: the verifier decides the algorithms; asymmetric only, so a public key can
# never be used as an HMAC secret (HS/RS confusion) and "alg: none" is never accepted.
# The one allow-list of every verifier of the project (portal, voting space, FranceConnect mock,
# trace export); a platform may narrow it (FranceConnect+: ES256 only), never widen it.
ALLOWED_ALGS: tuple[str, ...] = ("ES256", "RS256")


class UnreadableToken(ValueError):
    """A segment of a compact JWT that is missing, or not base64url JSON."""


class NotAnObject(UnreadableToken):
    """A header or claims segment that is JSON but not an object."""


class AlgorithmRefused(ValueError):
    """An ``alg`` outside :data:`ALLOWED_ALGS` (``none``, HS256 keyed with a public key…)."""


def segment(compact: str, index: int) -> Any:
    """The JSON of one segment of a compact JWT, *unverified* (0: header, 1: JWS claims).
    Decoding errors of ``base64``/``json`` go on as they are (their type names the problem)."""
    parts = compact.strip().split(".")
    if index >= len(parts):
        raise UnreadableToken(f"segment {index} absent")
    text = parts[index]
    return json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))


def _object(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise NotAnObject("pas un objet JSON")
    return value


def header_of(compact: str) -> dict[str, Any]:
    """The protected header, *unverified*: to choose a key or refuse an algorithm, never to trust."""
    return _object(segment(compact, 0))


def claims_of(compact: str) -> dict[str, Any]:
    """The claims of a JWS, *unverified*: to learn who it claims to be from, or to log it."""
    return _object(segment(compact, 1))


def allowed_alg(header: dict[str, Any]) -> str:
    """The header's ``alg`` if the allow-list has it (RFC 8725 §3.1: the verifier decides)."""
    alg = header.get("alg")
    if alg not in ALLOWED_ALGS:
        raise AlgorithmRefused(f"algorithme refusé : {alg!r}")
    return str(alg)


def sign(keyring: KeyRing, alg: str, claims: dict[str, Any], typ: str = "JWT") -> str:
    """Sign ``claims`` with the active key for ``alg``; the header names its ``kid``."""
    key = keyring.signing_key(alg)
    header = {"alg": alg, "typ": typ, "kid": key.kid}
    return jwt.encode(header, claims, key.key, algorithms=[alg])


def verify(token: str, keys: KeySet | dict[str, Any], algorithms: list[str] | None = None) -> jwt.Token:
    """Check the signature against ``keys`` (by ``kid``): a key set, or a JWKS imported here;
    claims are checked by the caller."""
    key_set = keys if isinstance(keys, KeySet) else KeySet.import_key_set(keys)  # type: ignore[arg-type]
    return jwt.decode(token, key_set, algorithms=algorithms or list(ALLOWED_ALGS))


def at_hash(access_token: str) -> str:
    """OIDC Core §3.1.3.6: left half of the SHA-256 of the access token (ES256 and RS256 alike)."""
    digest = hashlib.sha256(access_token.encode()).digest()
    return base64.urlsafe_b64encode(digest[: len(digest) // 2]).rstrip(b"=").decode()
