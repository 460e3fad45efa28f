"""Voters and their one-time links. Secrets are stored only as Argon2id or SHA-256 digests."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from shared.db import Base


class Voter(Base):
    __tablename__ = "voters"
    id: Mapped[int] = mapped_column(primary_key=True)
    electeur_id: Mapped[str] = mapped_column(String(20), unique=True)
    email_pro: Mapped[str] = mapped_column(String(254), unique=True)  # the identifier, lower case
    civility: Mapped[str] = mapped_column(String(4))  # "M." or "Mme"
    family_name: Mapped[str] = mapped_column(String(100))
    given_names: Mapped[str] = mapped_column(String(150))  # space separated, first one used
    birth_date: Mapped[date]
    birth_place: Mapped[str] = mapped_column(String(5))  # INSEE code, "" when born abroad
    birth_country: Mapped[str] = mapped_column(String(5))  # INSEE "99xxx", 99100 = France
    academie_code: Mapped[str] = mapped_column(ForeignKey("academies.code"), index=True)
    corps: Mapped[str] = mapped_column(String(40))
    numen_hash: Mapped[str | None] = mapped_column(String(200))
    nir_hash: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    challenge_question: Mapped[str | None] = mapped_column(String(20))
    challenge_answer_hash: Mapped[str | None] = mapped_column(String(200))
    activated_at: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    previous_login_at: Mapped[datetime | None]

    @property
    def first_name(self) -> str:
        return self.given_names.split()[0] if self.given_names else ""

    @property
    def display_name(self) -> str:
        """As the portal shows it: "Mme DUBOIS Angela"."""
        return f"{self.civility} {self.family_name.upper()} {self.first_name}"

    @property
    def is_activated(self) -> bool:
        return self.activated_at is not None and self.password_hash is not None


class OneTimeLink(Base):
    """A mailed link (activation, password reset): random, hashed, single use, expiring."""

    __tablename__ = "one_time_links"
    __table_args__ = (Index("ix_links_voter_purpose", "voter_id", "purpose"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    voter_id: Mapped[int] = mapped_column(ForeignKey("voters.id"))
    purpose: Mapped[str] = mapped_column(String(20))  # "activation" | "password_reset"
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    superseded_at: Mapped[datetime | None]
