"""One row per protocol request: what came in, what went out, and the Y-code with its reason."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shared.db import Base


class JournalEntry(Base):
    __tablename__ = "fc_journal"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(index=True)
    mock_time: Mapped[int]  # the mock clock (epoch seconds) when the request arrived
    endpoint: Mapped[str] = mapped_column(String(40), index=True)
    method: Mapped[str] = mapped_column(String(10))
    client_id: Mapped[str | None] = mapped_column(String(128), index=True)
    request: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[int]
    response: Mapped[dict[str, Any]] = mapped_column(JSON)
    jwts: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    y_code: Mapped[str | None] = mapped_column(String(12))
    why: Mapped[str | None] = mapped_column(Text)
    scenario: Mapped[str | None] = mapped_column(String(64))
    flow: Mapped[str | None] = mapped_column(String(40), index=True)
    observations: Mapped[dict[str, Any]] = mapped_column(JSON)
