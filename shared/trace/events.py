"""The trace store: protocol events of every service in one database of their own.

``TRACE_DATABASE_URL`` (default ``sqlite:///DATA_DIR/trace.db``) is shared by the idp, the voting
space and the FranceConnect mock, so that one journey can be read across the three; SQLite in WAL
mode takes the writes of several processes. Its schema has its own Alembic folder
(``shared/trace/migrations``), applied by ``python -m idp migrate`` or ``python -m shared.trace
migrate``.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time
from collections import deque
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import JSON, ForeignKey, Integer, String, Table, delete, func, insert, inspect, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from shared import db
from shared.db import Database
from shared.timeutil import utcnow
from shared.trace.correlation import group

log = logging.getLogger(__name__)
FLUSH_SECONDS = 0.1
MAX_WAITING = 10_000  # events one process holds at most while its store does not answer


class TraceBase(DeclarativeBase):
    """Declarative base of the trace store only (never mixed with a service's own tables)."""


class TraceEvent(TraceBase):
    """One protocol exchange (or local verification) as one service saw it, already redacted."""

    __tablename__ = "trace_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(index=True)
    service: Mapped[str] = mapped_column(String(40))
    direction: Mapped[str] = mapped_column(String(10))  # in | out | local
    label: Mapped[str] = mapped_column(String(120))
    method: Mapped[str | None] = mapped_column(String(10))
    endpoint: Mapped[str] = mapped_column(String(500))
    peer: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[int | None]
    request: Mapped[dict[str, Any]] = mapped_column(JSON)
    response: Mapped[dict[str, Any]] = mapped_column(JSON)
    jwts: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    checks: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    jwks: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))  # served or fetched
    kids: Mapped[str | None] = mapped_column(String(1000))  # its key ids, space separated
    keys: Mapped[list[str]] = mapped_column(JSON)


class TraceKey(TraceBase):
    """Correlation key → event, indexed, so a journey is followed key by key."""

    __tablename__ = "trace_keys"
    event_id: Mapped[int] = mapped_column(ForeignKey("trace_events.id", ondelete="CASCADE"),
                                          primary_key=True)
    key: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)


EVENTS = cast(Table, TraceEvent.__table__)
_COLUMN_NAMES = frozenset(c.key for c in EVENTS.columns if c.key != "id")
# Many rows in one statement, their ids in the order given (SQLAlchemy's "insertmanyvalues").
_ADD_EVENTS = insert(EVENTS).returning(EVENTS.c.id, sort_by_parameter_order=True)
_ADD_KEY = insert(cast(Table, TraceKey.__table__))


def upgrade(url: str) -> None:
    """Bring the trace store at ``url`` to the newest schema (its own Alembic chain)."""
    db.upgrade("shared", url, "trace/migrations")


def as_dict(event: TraceEvent) -> dict[str, Any]:
    return {"id": event.id, "at": event.at.isoformat(timespec="microseconds") + "Z",
            "service": event.service, "direction": event.direction, "label": event.label,
            "method": event.method, "endpoint": event.endpoint, "peer": event.peer,
            "status": event.status, "request": event.request, "response": event.response,
            "jwts": event.jwts, "checks": event.checks, "jwks": event.jwks, "keys": event.keys}


class TraceStore:
    """Narrow interface over the trace database: add, purge, read journeys."""

    MAX_JOURNEY_EVENTS = 2000

    def __init__(self, url: str) -> None:
        self.url = url
        self._db = Database(url)
        self._ready_checked_at = -1e9
        self._ready = False
        self._waiting: list[tuple[dict[str, Any], list[str]]] = []
        self._lock = threading.Lock()  # guards _waiting and the writer's start
        self._flushing = threading.Lock()  # one batch written at a time
        self._writer_pid: int | None = None
        self.dropped = 0
        atexit.register(self.flush)  # a worker that stops writes what it still holds

    def ready(self) -> bool:
        """True once the schema exists (checked again at most once a minute while it does not)."""
        if not self._ready and time.monotonic() - self._ready_checked_at > 60:
            self._ready_checked_at = time.monotonic()
            self._ready = inspect(self._db.engine).has_table("trace_keys")
            if not self._ready:
                self._db.engine.dispose()  # hold no connection to a store that is not there
        return self._ready

    def add(self, values: dict[str, Any], keys: Iterable[str]) -> None:
        """Hand one event (its columns by name, ``keys`` its correlation keys) to this process's
        writer and return at once: a background thread writes what gathered every
        :data:`FLUSH_SECONDS`, in one transaction with statements built once. The request pays for
        neither the inserts nor a commit, nor for building a mapped object; readers here flush
        first, other processes see the event within FLUSH_SECONDS."""
        row = {**values, "keys": sorted(set(keys))}
        if row.keys() != _COLUMN_NAMES:  # refused here, not later in the batch it would spoil
            raise ValueError(f"colonnes d'événement attendues : {sorted(_COLUMN_NAMES ^ row.keys())}")
        with self._lock:
            if self._writer_pid != os.getpid():  # first event of this process (or of a forked worker)
                self._waiting, self._writer_pid = [], os.getpid()
                threading.Thread(target=self._write_now_and_then, name="trace-writer", daemon=True).start()
            if len(self._waiting) >= MAX_WAITING:  # the store is stuck: never hold more than this
                self.dropped += 1
                return
            self._waiting.append((row, row["keys"]))

    def flush(self) -> int:
        """Write what this process holds now; how many events."""
        with self._flushing:
            with self._lock:
                batch, self._waiting = self._waiting, []
            if batch:
                with self._db.engine.begin() as connection:
                    ids = connection.execute(_ADD_EVENTS, [values for values, _keys in batch]).scalars().all()
                    keys = [{"event_id": event_id, "key": key}
                            for event_id, (_values, event_keys) in zip(ids, batch, strict=True)
                            for key in event_keys]
                    if keys:
                        connection.execute(_ADD_KEY, keys)
        return len(batch)

    def _write_now_and_then(self) -> None:
        while True:
            time.sleep(FLUSH_SECONDS)
            try:
                self.flush()
            except Exception as error:  # noqa: BLE001 - best effort: the batch is lost, the next one goes on
                log.warning("Trace : événements non enregistrés (%s)", type(error).__name__)

    def purge(self, retention: timedelta, max_events: int) -> int:
        """Drop events older than ``retention`` and all but the newest ``max_events``."""
        self.flush()
        with self._db.session() as s:
            removed = db.rowcount(s.execute(delete(TraceEvent).where(TraceEvent.at < utcnow() - retention)))
            cutoff = s.scalar(select(TraceEvent.id).order_by(TraceEvent.id.desc())
                              .offset(max_events).limit(1))
            if cutoff is not None:
                removed += db.rowcount(s.execute(delete(TraceEvent).where(TraceEvent.id <= cutoff)))
            # Their keys go with them: ON DELETE CASCADE (SQLite too, shared.db turns foreign_keys on).
        return removed

    # -- reading ---------------------------------------------------------------------------------
    def journeys(self, window: int = 5000, limit: int = 100) -> list[list[dict[str, Any]]]:
        """The newest journeys among the last ``window`` events, newest first, each a list of its
        events in order, read light (no parameters, no tokens: :meth:`journey` has them)."""
        self.flush()  # this process's own events first
        light = (TraceEvent.id, TraceEvent.at, TraceEvent.service, TraceEvent.label, TraceEvent.checks,
                 TraceEvent.keys)
        with self._db.session() as s:
            rows = s.execute(select(*light).order_by(TraceEvent.id.desc()).limit(window)).all()
        by_id = {r.id: {"id": r.id, "at": r.at.isoformat(timespec="microseconds") + "Z", "service": r.service,
                        "label": r.label, "checks": r.checks, "keys": r.keys} for r in rows if r.keys}
        groups = group({i: e["keys"] for i, e in by_id.items()})
        groups.sort(key=lambda g: max(by_id[i]["at"] for i in g), reverse=True)
        return [[by_id[i] for i in sorted(g, key=lambda i: (by_id[i]["at"], i))] for g in groups[:limit]]

    def claims(self, event_ids: Iterable[int]) -> list[dict[str, Any]]:
        """The decoded (redacted) claims of the JWTs these events hold."""
        self.flush()  # this process's own events first
        with self._db.session() as s:
            lists = s.scalars(select(TraceEvent.jwts).where(TraceEvent.id.in_(list(event_ids))))
            return [t["claims"] for jwts in lists for t in jwts if isinstance(t.get("claims"), dict)]

    def journey(self, first_event: int) -> list[dict[str, Any]]:
        """Every event reachable from ``first_event`` through shared keys, in time order."""
        self.flush()  # this process's own events first
        seen_events: set[int] = {first_event}
        seen_keys: set[str] = set()
        queue: deque[int] = deque([first_event])
        with self._db.session() as s:
            while queue and len(seen_events) < self.MAX_JOURNEY_EVENTS:
                event_id = queue.popleft()
                keys = set(s.scalars(select(TraceKey.key).where(TraceKey.event_id == event_id)))
                new_keys = keys - seen_keys
                seen_keys |= new_keys
                if not new_keys:
                    continue
                for other in s.scalars(select(TraceKey.event_id).where(TraceKey.key.in_(new_keys))):
                    if other not in seen_events:
                        seen_events.add(other)
                        queue.append(other)
            events = list(s.scalars(select(TraceEvent).where(TraceEvent.id.in_(seen_events))))
        return [as_dict(e) for e in sorted(events, key=lambda e: (e.at, e.id))]

    def jwks_for(self, kids: Iterable[str]) -> list[dict[str, Any]]:
        """The newest recorded JWKS document holding each of ``kids`` (served or fetched)."""
        self.flush()  # this process's own events first
        wanted, found = set(kids), []
        with self._db.session() as s:
            recorded = s.scalars(select(TraceEvent).where(TraceEvent.jwks.is_not(None))
                                 .order_by(TraceEvent.id.desc()).limit(500))
            for event in recorded:
                holds = set((event.kids or "").split()) & wanted
                if holds:
                    found.append({"event": event.id, "service": event.service, "endpoint": event.endpoint,
                                  "at": event.at.isoformat() + "Z", "jwks": event.jwks})
                    wanted -= holds
                if not wanted:
                    break
        return found

    def count(self) -> int:
        self.flush()  # this process's own events first
        with self._db.session() as s:
            return int(s.scalar(select(func.count(TraceEvent.id))) or 0)

    def dispose(self) -> None:
        self._db.engine.dispose()
