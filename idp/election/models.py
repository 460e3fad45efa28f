"""Reference data of the election, seeded by operators (``python -m idp seed-demo``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db import Base
from shared.election.documents import ListDocument


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


class CandidateList(Base):
    __tablename__ = "candidate_lists"
    id: Mapped[int] = mapped_column(primary_key=True)
    scrutin_id: Mapped[int] = mapped_column(ForeignKey("scrutins.id"), index=True)
    position: Mapped[int]
    union_name: Mapped[str] = mapped_column(String(200))
    candidates: Mapped[str] = mapped_column(Text)  # one "Civilité NOM Prénom" per line
    # The list's "profession de foi" (PDF), absent until imported or seeded. Deferred: pages that
    # list the lists read its size, only the document's own URL loads the bytes.
    document: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    document_sha256: Mapped[str | None] = mapped_column(String(64))
    document_size: Mapped[int | None]
    scrutin: Mapped[Scrutin] = relationship(back_populates="lists")

    @property
    def candidate_names(self) -> list[str]:
        return [line for line in self.candidates.splitlines() if line.strip()]

    def attach(self, document: ListDocument) -> None:
        """Store (or replace) the list's document with its digest and size."""
        self.document = document.content
        self.document_sha256 = document.sha256
        self.document_size = document.size
