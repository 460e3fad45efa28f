"""The vote database's side of voting: the émargement, the in-flight ballot intents, the election key.

Nothing here is ever written to the urne, and nothing in the urne points back here once a vote is
complete (see ``voting_rp/ballots/service.py`` for the two-phase construction).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shared.db import Base

PENDING = "en-cours"
DONE = "vote"


class Emargement(Base):
    """Who voted in which scrutin, and when: the signed list of the paper world."""

    __tablename__ = "emargements"
    # One ballot per voter per scrutin: the database, not the code, refuses a second one.
    __table_args__ = (UniqueConstraint("elector_id", "scrutin_id", name="uq_emargement_electeur_scrutin"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    elector_id: Mapped[int] = mapped_column(ForeignKey("electors.id"), index=True)
    scrutin_id: Mapped[int] = mapped_column(ForeignKey("voting_scrutins.id"), index=True)
    voted_at: Mapped[datetime]  # UTC, naive
    state: Mapped[str] = mapped_column(String(10))  # PENDING until the commit point, then DONE


class BallotIntent(Base):
    """The coordinator's log of one vote in flight: its one-time token, which also marks the urne row.

    While uncommitted it points at its émargement; at the commit point that pointer is erased in the
    same transaction, and the row is deleted once the urne's marker is cleared.
    """

    __tablename__ = "ballot_intents"
    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    emargement_id: Mapped[int | None] = mapped_column(
        ForeignKey("emargements.id", ondelete="CASCADE"), unique=True)
    committed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]


class ElectionKey(Base):
    """The election's public key and what the key ceremony recorded (never the private key)."""

    __tablename__ = "election_keys"
    id: Mapped[int] = mapped_column(primary_key=True)
    kid: Mapped[str] = mapped_column(String(32), unique=True)
    public_key: Mapped[str] = mapped_column(String(100))  # base64url, P-256 uncompressed point
    seal_public_key: Mapped[str] = mapped_column(String(100))  # base64url, Ed25519
    threshold: Mapped[int] = mapped_column(Integer)
    holders: Mapped[str] = mapped_column(Text)  # JSON: [{"name", "index", "digest"}]
    created_at: Mapped[datetime]
