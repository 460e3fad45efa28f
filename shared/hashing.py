"""Argon2id for everything a person types that must be checked later, and one-time tokens.

Argon2id (RFC 9106) with at least m=19 MiB, t=2, p=1 (OWASP Password Storage Cheat Sheet) for
passwords, challenge answers, NUMEN/NIR and codes de vote. High-entropy one-time tokens (≥128
bits) are stored as SHA-256 digests: they cannot be guessed, so a slow hash adds nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

TOKEN_BYTES = 24  # 192 bits, above the 128 bits asked of one-time links


class SecretHasher:
    """Argon2id hashing with the project's parameters, built once per process."""

    def __init__(self, memory_kib: int, time_cost: int, parallelism: int) -> None:
        self._hasher = PasswordHasher(memory_cost=memory_kib, time_cost=time_cost,
                                      parallelism=parallelism)
        # A hash of a random value, verified when the account is unknown so that timing
        # does not reveal whether an identifier exists (no enumeration).
        self._decoy = self._hasher.hash(secrets.token_urlsafe(16))

    def hash(self, secret: str) -> str:
        return self._hasher.hash(secret)

    def verify(self, stored: str | None, candidate: str) -> bool:
        """True when ``candidate`` matches ``stored``; a missing hash costs the same time."""
        try:
            return self._hasher.verify(stored or self._decoy, candidate) and stored is not None
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def burn(self) -> None:
        """Spend one verification's time for nothing (keeps unknown-identifier paths in step)."""
        self.verify(None, "x")


def normalise_answer(answer: str) -> str:
    """Answers compare without case, accents or extra spaces ("  Renault  Clio" = "renault clio")."""
    decomposed = unicodedata.normalize("NFKD", answer)
    without_accents = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(without_accents.casefold().split())


def new_token() -> str:
    """A random URL-safe token for a one-time link."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_digest(token: str) -> str:
    """What the database keeps of a one-time token."""
    return hashlib.sha256(token.encode()).hexdigest()


def same_digest(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
