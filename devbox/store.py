"""Storage of the mail and SMS caught by devbox, behind the narrow :class:`MessageStore`.

devbox is a development tool: its single table is created with ``metadata.create_all`` on its
own declarative base, outside the Alembic migrations that manage the services' tables.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import DateTime, Integer, String, Text, delete, func, select
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from shared.db import Database, rowcount

Kind = Literal["mail", "sms"]
KINDS: tuple[Kind, ...] = ("mail", "sms")
STORE_KEY = "devbox.store"  # where create_app keeps the store in ``app.extensions``

# Scheme, then anything up to whitespace, quotes or angle brackets (the usual URL delimiters
# in text and HTML, RFC 3986 appendix C); trailing sentence punctuation is trimmed afterwards.
LINK_PATTERN = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
TRAILING_PUNCTUATION = ".,;:!?)]}»"


def extract_links(text: str) -> list[str]:
    """The distinct http(s) URLs of ``text``, in order, so tests can follow a mailed link."""
    links: list[str] = []
    for match in LINK_PATTERN.finditer(text):
        url = match.group(0).rstrip(TRAILING_PUNCTUATION)
        if url not in links:
            links.append(url)
    return links


class UTCDateTime(TypeDecorator[datetime]):
    """A datetime stored as naive UTC and read back aware (SQLite keeps no time zone)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class DevboxBase(DeclarativeBase):
    """devbox's own metadata, created by ``create_all``: a dev tool needs no migrations."""


class Message(DevboxBase):
    """One caught mail or SMS, as delivered to one recipient (a mail to three makes three)."""

    __tablename__ = "devbox_message"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(4))
    sender: Mapped[str] = mapped_column(String(998))
    recipient: Mapped[str] = mapped_column(String(320), index=True)
    subject: Mapped[str | None] = mapped_column(String(998))
    body: Mapped[str] = mapped_column(Text)
    html: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)

    @property
    def links(self) -> list[str]:
        """Links of the text body, else of the HTML body (some mails carry only HTML)."""
        return extract_links(self.body) or extract_links(html.unescape(self.html or ""))

    def to_dict(self) -> dict[str, object]:
        """The JSON shape read by the automated tests of the other services."""
        return {
            "id": self.id,
            "kind": self.kind,
            "sender": self.sender,
            "to": self.recipient,
            "subject": self.subject,
            "body": self.body,
            "html": self.html,
            "links": self.links,
            "received_at": self.received_at.isoformat(),
        }


class MessageStore:
    """Add, list and clear caught messages; the only code that touches the devbox table."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def create_tables(self) -> None:
        """Create the devbox table if missing (dev tool: no Alembic migration)."""
        DevboxBase.metadata.create_all(self.database.engine)

    def add(
        self,
        kind: Kind,
        sender: str,
        recipients: Sequence[str],
        body: str,
        subject: str | None = None,
        html_body: str | None = None,
    ) -> list[Message]:
        """Store one row per recipient, so each inbox shows its own copy."""
        now = datetime.now(UTC)
        rows = [
            Message(
                kind=kind,
                sender=sender,
                recipient=recipient.strip(),
                subject=subject,
                body=body,
                html=html_body,
                received_at=now,
            )
            for recipient in recipients
        ]
        with self.database.session() as session:
            session.add_all(rows)
        return rows

    def list_all(self, kind: Kind | None = None, limit: int | None = None) -> list[Message]:
        """Every message, newest first, optionally of one kind."""
        return self._select(None, kind, limit)

    def list_for(
        self, recipient: str, kind: Kind | None = None, limit: int | None = None
    ) -> list[Message]:
        """The messages of one recipient (address compared without case), newest first."""
        return self._select(recipient, kind, limit)

    def get(self, message_id: int) -> Message | None:
        """One message, or None when it does not exist (or was cleared)."""
        with self.database.session() as session:
            return session.get(Message, message_id)

    def recipients(self) -> list[tuple[str, int]]:
        """Each recipient with its message count, the most recently served first."""
        query = (
            select(Message.recipient, func.count(Message.id))
            .group_by(Message.recipient)
            .order_by(func.max(Message.id).desc())
        )
        with self.database.session() as session:
            return [(recipient, count) for recipient, count in session.execute(query)]

    def clear(self) -> int:
        """Delete every message (tests start from an empty inbox); return how many."""
        with self.database.session() as session:
            result = session.execute(delete(Message))
            return rowcount(result)

    def _select(self, recipient: str | None, kind: Kind | None, limit: int | None) -> list[Message]:
        query = select(Message).order_by(Message.id.desc()).limit(limit)
        if recipient is not None:
            query = query.where(func.lower(Message.recipient) == recipient.strip().lower())
        if kind is not None:
            query = query.where(Message.kind == kind)
        with self.database.session() as session:
            return list(session.scalars(query))
