"""The client registry table: one row per service provider registration."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from shared.db import Base


class ClientRow(Base):
    __tablename__ = "fc_clients"
    client_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # SHA-256 of the secret: secrets are ≥ 32 random characters, so a fast digest is enough
    # (nothing to slow down against guessing), and the mock only ever compares.
    secret_digest: Mapped[str | None] = mapped_column(String(64))
    auth_method: Mapped[str] = mapped_column(String(32))
    redirect_uris: Mapped[list[str]] = mapped_column(JSON)
    post_logout_redirect_uris: Mapped[list[str]] = mapped_column(JSON)
    scopes: Mapped[list[str]] = mapped_column(JSON)
    claims: Mapped[list[str]] = mapped_column(JSON)
    signing_alg: Mapped[str] = mapped_column(String(10))
    entity_id: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(10))
    platform: Mapped[str | None] = mapped_column(String(10))
    encryption_alg: Mapped[str | None] = mapped_column(String(20))
    jwks_uri: Mapped[str | None] = mapped_column(String(500))
    jwks: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    prompts: Mapped[list[str]] = mapped_column(JSON)
    identity_providers: Mapped[list[str]] = mapped_column(JSON)
    scenario: Mapped[str | None] = mapped_column(String(64))
    enabled: Mapped[bool]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
