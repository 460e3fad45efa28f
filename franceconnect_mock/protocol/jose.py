"""Signing and encryption of what the mock sends, and reading what clients send, with joserfc.

Every verification names its algorithms explicitly (RFC 8725 §3.1: never trust the ``alg``
header alone), with the project's one allow-list (``shared.oidc.jwt.ALLOWED_ALGS``: what
FranceConnect v2 signs with and accepts, ES256 and RS256; FranceConnect+ narrows it to ES256 per
platform, ``platforms.py``, checked when a client registers); encryption is RSA-OAEP,
RSA-OAEP-256 or ECDH-ES with A256GCM, as FranceConnect+.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from joserfc import jwe, jws
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, KeySet, RSAKey

from franceconnect_mock.protocol.platforms import ENCRYPTION_ALGS, ENCRYPTION_ENC
from shared.keys import KeyRing
from shared.oidc.jwt import ALLOWED_ALGS, header_of, segment


def _json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def peek(compact: str) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Header and claims of a JWS, *unverified*: for the request log and for routing only."""
    try:
        header = header_of(compact)
        if compact.count(".") != 2:
            return header, None
        claims = segment(compact, 1)
    except ValueError:
        return {}, None
    return header, claims if isinstance(claims, dict) else None


class Signer:
    """Signs JWTs with the mock's active key for one algorithm (ES256 or RS256, per client)."""

    def __init__(self, keyring: KeyRing, alg: str) -> None:
        if alg not in ALLOWED_ALGS:
            raise ValueError(f"algorithme de signature non pris en charge : {alg}")
        self.keyring = keyring
        self.alg = alg

    def sign(self, claims: dict[str, Any], header: dict[str, Any] | None = None) -> str:
        key = self.keyring.signing_key(self.alg)
        protected = {"alg": self.alg, "typ": "JWT", "kid": key.kid, **(header or {})}
        return jws.serialize_compact(protected, _json(claims), key.key, algorithms=[self.alg])

    def sign_with(self, key: ECKey | RSAKey, kid: str, claims: dict[str, Any]) -> str:
        """Sign with a key that is not the mock's (adversarial: unknown ``kid``)."""
        protected = {"alg": self.alg, "typ": "JWT", "kid": kid}
        return jws.serialize_compact(protected, _json(claims), key, algorithms=[self.alg])

    def public_pem(self) -> bytes:
        return self.keyring.signing_key(self.alg).key.as_pem(private=False)


def unsigned_token(header: dict[str, Any], claims: dict[str, Any], signature: bytes = b"") -> str:
    """A compact JWS assembled by hand (adversarial shapes joserfc rightly refuses to make)."""
    return f"{b64url(_json(header))}.{b64url(_json(claims))}.{b64url(signature)}"


def encryption_key(keys: KeySet, alg: str) -> RSAKey | ECKey:
    """The client's key for ``alg``: RSA for RSA-OAEP*, EC P-256 for ECDH-ES, ``use`` enc or unset."""
    wanted = "EC" if alg == "ECDH-ES" else "RSA"
    for key in keys.keys:
        if key.key_type == wanted and key.get("use") in (None, "enc") and key.get("alg") in (None, alg):
            return key  # type: ignore[return-value]
    raise LookupError(f"aucune clé {wanted} de chiffrement dans le JWKS du client pour {alg}")


def encrypt(signed: str, keys: KeySet, alg: str) -> str:
    """Wrap a JWS in a JWE for the client (FranceConnect+: ``cty: JWT``, A256GCM)."""
    if alg not in ENCRYPTION_ALGS:
        raise ValueError(f"algorithme de chiffrement non pris en charge : {alg}")
    key = encryption_key(keys, alg)
    protected = {"alg": alg, "enc": ENCRYPTION_ENC, "cty": "JWT"}
    if key.kid:
        protected["kid"] = key.kid
    return jwe.encrypt_compact(protected, signed.encode(), key, algorithms=[alg, ENCRYPTION_ENC])


def verify_own(compact: str, keyring: KeyRing) -> dict[str, Any]:
    """Claims of a JWS the mock signed itself (``id_token_hint``); raises ``ValueError`` otherwise."""
    header, _ = peek(compact)
    own = next((k for k in keyring.keys() if k.kid == header.get("kid") and k.alg == header.get("alg")), None)
    if own is None:
        raise ValueError(f"kid ou algorithme inconnu ({header.get('kid')!r}, {header.get('alg')!r})")
    try:
        token = jws.deserialize_compact(compact, own.key, algorithms=[own.alg])
        claims = json.loads(token.payload)
    except (JoseError, ValueError) as exc:
        raise ValueError(str(exc)) from exc
    if not isinstance(claims, dict):
        raise ValueError("charge utile non JSON")
    return claims


def verify_client_assertion(compact: str, keys: KeySet) -> tuple[dict[str, Any], dict[str, Any]]:
    """Header and claims of a client's signed assertion (private_key_jwt); ``ValueError`` if invalid."""
    header, _ = peek(compact)
    try:
        token = jws.deserialize_compact(compact, _kid_resolver(keys, header), algorithms=list(ALLOWED_ALGS))
        claims = json.loads(token.payload)
    except (JoseError, ValueError, LookupError) as exc:
        raise ValueError(str(exc)) from exc
    if not isinstance(claims, dict):
        raise ValueError("charge utile non JSON")
    return header, claims


def _kid_resolver(keys: KeySet, header: dict[str, Any]) -> ECKey | RSAKey:
    kid = header.get("kid")
    alg = header.get("alg")
    wanted = {"ES256": "EC", "RS256": "RSA"}.get(str(alg))
    for key in keys.keys:
        if key.key_type == wanted and (kid is None or key.kid == kid):
            return key  # type: ignore[return-value]
    raise LookupError(f"clé inconnue (kid={kid!r}, alg={alg!r})")
