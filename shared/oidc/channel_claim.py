"""The réassort channel, from the portal's screen to the voting space, never readable on the way.

The voting space makes a key pair for one authorization request, keeps the private half sealed in
its session and sends the public half (``reassort_jwk``, a P-256 JWK). The portal encrypts the
channel the voter typed to that key (JWE, RFC 7516, compact; ECDH-ES with an ephemeral key, RFC 7518
§4.6, and A256GCM) and the ID token carries it (``reassort_canal``). Only the voting space that asked
can open it, once: the portal itself, its stores, both traces and the browser see a ciphertext.
"""

from __future__ import annotations

import json

from joserfc import jwe
from joserfc.errors import JoseError
from joserfc.jwk import ECKey

PARAM = "reassort_jwk"
CLAIM = "reassort_canal"
MAX_PARAM = 300  # a P-256 public JWK is about 130 characters
MAX_TOKEN = 2048
ALGORITHMS = ["ECDH-ES", "A256GCM"]  # the allow-list: the token's header does not choose
CHANNELS = ("sms", "email")


class ChannelKeyRefused(ValueError):
    """``reassort_jwk`` is not a P-256 public key."""


def new_request_key() -> tuple[str, str]:
    """A fresh key pair: the public JWK for the request, the private JWK to keep sealed."""
    key = ECKey.generate_key("P-256")
    return json.dumps(key.as_dict(private=False)), json.dumps(key.as_dict(private=True))


def public_key(param: str) -> ECKey:
    """The request's key, refused unless it is exactly a P-256 public key."""
    try:
        fields = json.loads(param) if len(param) <= MAX_PARAM else None
        if not isinstance(fields, dict) or fields.get("kty") != "EC" or fields.get("crv") != "P-256":
            raise ChannelKeyRefused("clé EC P-256 attendue")
        if "d" in fields:
            raise ChannelKeyRefused("une clé publique est attendue, pas une clé privée")
        return ECKey.import_key({k: str(fields.get(k, "")) for k in ("kty", "crv", "x", "y")})
    except (ValueError, TypeError, JoseError) as error:
        raise ChannelKeyRefused(str(error)) from error


def encrypt_channel(param: str, channel: str, address: str) -> str:
    """The channel as a compact JWE only the holder of the request's private key can open."""
    plain = json.dumps({"canal": channel, "adresse": address}).encode()
    return jwe.encrypt_compact({"alg": "ECDH-ES", "enc": "A256GCM"}, plain, public_key(param))


def decrypt_channel(token: object, private_jwk: str) -> tuple[str, str] | None:
    """(channel, address), or None when the token is absent, foreign, altered or malformed."""
    if not isinstance(token, str) or len(token) > MAX_TOKEN:
        return None
    try:
        plain = jwe.decrypt_compact(token, ECKey.import_key(json.loads(private_jwk)),
                                    algorithms=ALGORITHMS).plaintext
        fields = json.loads(plain or b"")
    except (JoseError, ValueError, TypeError):
        return None
    if not isinstance(fields, dict) or fields.get("canal") not in CHANNELS:
        return None
    address = fields.get("adresse")
    return (str(fields["canal"]), address) if isinstance(address, str) else None
