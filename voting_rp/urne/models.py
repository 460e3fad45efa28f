"""The urne's tables, in their own database: ciphertexts and fingerprints only.

Ballot secrecy by construction (DESIGN.md): no voter id, no timestamp, no insertion order. Rows
are keyed by a random id in a table without SQLite's hidden rowid (``WITHOUT ROWID`` stores rows in
primary-key order, i.e. random order); every export is sorted by fingerprint. ``pending`` holds a
vote's one-time token only while that vote is in flight and is cleared at completion, and
``secure_delete`` zeroes the bytes SQLite frees so a cleared token does not linger in free pages.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UrneBase(DeclarativeBase):
    """Declarative base of the urne's tables only (its own metadata, its own Alembic folder)."""


class Ballot(UrneBase):
    __tablename__ = "urne_ballots"
    __table_args__ = {"sqlite_with_rowid": False}
    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # 128 random bits, hex
    scrutin_code: Mapped[str] = mapped_column(String(60), index=True)
    content: Mapped[str] = mapped_column(Text)  # the encrypted ballot, as the browser sent it
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of content, hex
    pending: Mapped[str | None] = mapped_column(String(64), index=True)


class Seal(UrneBase):
    """A signed statement over the sorted fingerprints; the time is the seal's, not a ballot's."""

    __tablename__ = "urne_seals"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sealed_at: Mapped[datetime]
    ballots: Mapped[int] = mapped_column(Integer)
    digest: Mapped[str] = mapped_column(String(64))
    statement: Mapped[str] = mapped_column(Text)  # canonical JSON, the signed bytes
    signature: Mapped[str] = mapped_column(String(100))  # base64url Ed25519

