"""Réassort links: random, stored as SHA-256, single use, expiring, superseded by a newer one.

Only the kind of channel is kept ("sms", "email", "franceconnect"), never the number or address.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from shared.db import Base


class ReassortLink(Base):
    __tablename__ = "reassort_links"
    id: Mapped[int] = mapped_column(primary_key=True)
    elector_id: Mapped[int] = mapped_column(ForeignKey("electors.id"), index=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    path: Mapped[str] = mapped_column(String(20))  # "question-defi" | "franceconnect"
    channel: Mapped[str] = mapped_column(String(20))  # "sms" | "email"
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    superseded_at: Mapped[datetime | None]
