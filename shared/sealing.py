"""Secrets kept at rest under the service's SECRET_KEY: AES-256-GCM with a key derived per purpose
(HKDF-SHA256), so a copy of a database or of the session store alone reveals nothing.

Used for the signing keys (``shared.keys``) and for the réassort channel's private key, which waits in the
session while the portal checks the voter's identity.
"""

from __future__ import annotations

import base64
import binascii
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

NONCE_BYTES = 12


class Sealer:
    """Seal and open values for one purpose; a value sealed for another purpose, bound to other
    ``context`` or altered does not open."""

    def __init__(self, secret: str, purpose: str) -> None:
        hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose.encode())
        self._aead = AESGCM(hkdf.derive(secret.encode()))

    def seal(self, plain: bytes, context: bytes | None = None) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, plain, context)

    def open(self, sealed: bytes, context: bytes | None = None) -> bytes:
        """The plain bytes; raises ``cryptography.exceptions.InvalidTag`` if anything is wrong."""
        return self._aead.decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], context)

    def seal_text(self, plain: str, context: str) -> str:
        return base64.urlsafe_b64encode(self.seal(plain.encode(), context.encode())).decode()

    def open_text(self, sealed: str, context: str) -> str | None:
        """The text, or None when it was not sealed here for ``context`` (or was altered)."""
        try:
            return self.open(base64.urlsafe_b64decode(sealed.encode()), context.encode()).decode()
        except (InvalidTag, binascii.Error, ValueError):
            return None
