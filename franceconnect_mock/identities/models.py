"""Custom fictitious identities an integrator creates in the console; they persist."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from shared.db import Base


class CustomIdentity(Base):
    __tablename__ = "fc_custom_identities"
    login: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[dict[str, object]] = mapped_column(JSON)  # the fields parse_identity checks
    created_at: Mapped[datetime]
