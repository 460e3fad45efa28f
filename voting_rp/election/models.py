"""The electors' file and the scrutins, in the vote database (never in the urne's)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db import Base
from shared.election.documents import CandidateListColumns


class VotingWindow(Base):
    __tablename__ = "voting_window"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    opens_at: Mapped[datetime]  # UTC, naive
    closes_at: Mapped[datetime]


class VotingScrutin(Base):
    __tablename__ = "voting_scrutins"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    academie_code: Mapped[str | None] = mapped_column(String(40))
    corps: Mapped[str | None] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer)
    lists: Mapped[list[VotingList]] = relationship(order_by="VotingList.position",
                                                  back_populates="scrutin")


class VotingList(CandidateListColumns, Base):
    __tablename__ = "voting_lists"
    id: Mapped[int] = mapped_column(primary_key=True)
    scrutin_id: Mapped[int] = mapped_column(ForeignKey("voting_scrutins.id"), index=True)
    scrutin: Mapped[VotingScrutin] = relationship(back_populates="lists")


class Elector(Base):
    """One line of the electors' file: who may vote where, the code de vote's hash, civil status
    for the FranceConnect match. Nothing here ever reaches the urne."""

    __tablename__ = "electors"
    id: Mapped[int] = mapped_column(primary_key=True)
    electeur_id: Mapped[str] = mapped_column(String(20), unique=True)  # the portal's sub
    email_pro: Mapped[str] = mapped_column(String(254))
    civility: Mapped[str] = mapped_column(String(4))
    family_name: Mapped[str] = mapped_column(String(100))
    given_names: Mapped[str] = mapped_column(String(150))
    birth_date: Mapped[date]
    birth_place: Mapped[str] = mapped_column(String(5))
    academie_code: Mapped[str] = mapped_column(String(40), index=True)
    corps: Mapped[str] = mapped_column(String(40))
    code_hash: Mapped[str | None] = mapped_column(String(200))  # Argon2id of the code de vote
    code_version: Mapped[int] = mapped_column(Integer, default=0)
    code_changed_at: Mapped[datetime | None]
