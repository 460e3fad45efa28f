"""Reference data of the election, seeded by operators (``python -m idp seed-demo``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db import Base
from shared.election.documents import CandidateListColumns


class Election(Base):
    __tablename__ = "elections"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    opens_at: Mapped[datetime]  # UTC, naive
    closes_at: Mapped[datetime]  # UTC, naive


class Academie(Base):
    __tablename__ = "academies"
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    mail_domain: Mapped[str] = mapped_column(String(100))


class Scrutin(Base):
    """One ballot of the election; its electors are derived from corps and académie."""

    __tablename__ = "scrutins"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # CAPA, CAPN, CSA-MIN, CSA-PROX
    title: Mapped[str] = mapped_column(String(200))
    academie_code: Mapped[str | None] = mapped_column(ForeignKey("academies.code"))
    corps: Mapped[str | None] = mapped_column(String(40))
    lists: Mapped[list[CandidateList]] = relationship(order_by="CandidateList.position",
                                                     back_populates="scrutin")


class CandidateList(CandidateListColumns, Base):
    __tablename__ = "candidate_lists"
    id: Mapped[int] = mapped_column(primary_key=True)
    scrutin_id: Mapped[int] = mapped_column(ForeignKey("scrutins.id"), index=True)
    scrutin: Mapped[Scrutin] = relationship(back_populates="lists")
