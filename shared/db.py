"""Database engines, sessions and Alembic migrations, one database per service."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event
from sqlalchemy.engine import CursorResult, Engine, Result
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

ROOT = Path(__file__).resolve().parent.parent


class Base(DeclarativeBase):
    """Declarative base of every service's models (each service has its own metadata tables)."""


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys and a busy timeout."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    # PostgreSQL: a modest pool per engine and process (gunicorn's 4 threads at most use it at once;
    # DB_POOL_SIZE to change it), connections checked before use so that a restarted server costs
    # the requests that were in flight, not the ones after; a bounded wait for a free connection.
    size = int(os.environ.get("DB_POOL_SIZE", "4"))
    return create_engine(url, pool_pre_ping=True, pool_size=size, max_overflow=size, pool_timeout=10,
                         pool_recycle=1800)


class Database:
    """One service's engine and session factory."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed on success, rolled back on any error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()


def rowcount(result: Result[Any]) -> int:
    """Rows an UPDATE or DELETE matched: an ORM session types every result as ``Result``, but the one
    of a DML statement is a ``CursorResult``, which has the count."""
    return int(cast("CursorResult[Any]", result).rowcount or 0)


def alembic_config(service: str, url: str, folder: str = "migrations") -> Config:
    """The Alembic configuration of ``service`` (its migrations live in ``<service>/<folder>``)."""
    config = Config()
    config.set_main_option("script_location", str(ROOT / service / folder))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(service: str, url: str, folder: str = "migrations") -> None:
    """Bring the database of ``service`` (or its other store, ``folder``) to the newest schema."""
    make_engine(url).dispose()  # creates the SQLite folder when needed
    command.upgrade(alembic_config(service, url, folder), "head")
