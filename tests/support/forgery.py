"""Hostile JWTs made by hand: what an attacker can send, signed with any key, with any header.

Tokens are assembled byte by byte and signed with ``cryptography`` directly: a careful JOSE
library would refuse to produce most of them (``alg: none``, HS256 keyed with a public key,
``crit`` or ``jku`` headers, an algorithm that does not fit the key).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from joserfc.jwk import ECKey, RSAKey

from voting_rp.oidc.errors import LoginError


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def segment(value: Any) -> str:
    return b64url(json.dumps(value).encode())


def unsigned(header: dict[str, Any], claims: dict[str, Any]) -> str:
    """An ``alg: none`` token (RFC 7519 §6): empty signature."""
    return f"{segment(header)}.{segment(claims)}."


def hmac_signed(header: dict[str, Any], claims: dict[str, Any], secret: bytes) -> str:
    """HS256 computed with ``secret`` — the classic confusion when ``secret`` is a public key."""
    signing_input = f"{segment(header)}.{segment(claims)}"
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64url(signature)}"


@dataclass
class KeyHolder:
    """A signer with one ES256 and one RS256 key, publishing their public JWKS."""

    ec: ECKey = field(default_factory=lambda: ECKey.generate_key("P-256"))
    rsa: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048))

    def kid(self, alg: str) -> str:
        return (self.ec if alg == "ES256" else self.rsa).thumbprint()

    def public_jwk(self, alg: str) -> dict[str, Any]:
        key = self.ec if alg == "ES256" else self.rsa
        return {**key.as_dict(private=False), "kid": key.thumbprint(), "alg": alg, "use": "sig"}

    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.public_jwk("ES256"), self.public_jwk("RS256")]}

    def key_for(self, kid: str | None) -> dict[str, Any]:
        """What the voting space's provider does: the JWK named ``kid``, or a refusal."""
        for key in self.jwks()["keys"]:
            if key["kid"] == kid:
                return dict(key)
        raise LoginError(f"clé de signature inconnue (kid {kid!r})")

    def sign(self, claims: dict[str, Any], alg: str = "ES256", *, kid: str | None = None,
             **header: Any) -> str:
        """A correctly signed token; ``kid`` may name another key, ``header`` adds members."""
        protected = {"alg": alg, "typ": "JWT", "kid": kid or self.kid(alg), **header}
        signing_input = f"{segment(protected)}.{segment(claims)}".encode()
        if alg == "ES256":  # RFC 7518 §3.4: r || s, 32 bytes each
            ec_private = self.ec.private_key
            assert ec_private is not None
            r, s = decode_dss_signature(ec_private.sign(signing_input, ec.ECDSA(hashes.SHA256())))
            signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
        else:
            rsa_private = self.rsa.private_key
            assert rsa_private is not None
            signature = rsa_private.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
        return f"{signing_input.decode()}.{b64url(signature)}"


def id_token_claims(issuer: str, client_id: str, **overrides: Any) -> dict[str, Any]:
    """The claims of a valid ID token (give its ``nonce``); an override of ``None`` removes a claim."""
    now = int(time.time())
    claims = {"iss": issuer, "sub": "100001", "aud": client_id, "iat": now, "exp": now + 300,
              "auth_time": now - 5, "sid": secrets.token_urlsafe(8),
              "acr": "urn:elections:acr:mot-de-passe", **overrides}
    return {k: v for k, v in claims.items() if v is not None}


def logout_token_claims(issuer: str, client_id: str, **overrides: Any) -> dict[str, Any]:
    """The claims of a valid back-channel logout token (Back-Channel Logout 1.0 §2.4)."""
    now = int(time.time())
    claims = {"iss": issuer, "aud": client_id, "iat": now, "exp": now + 120, "jti": secrets.token_urlsafe(8),
              "sub": "100001", "sid": secrets.token_urlsafe(8),
              "events": {"http://schemas.openid.net/event/backchannel-logout": {}}, **overrides}
    return {k: v for k, v in claims.items() if v is not None}
