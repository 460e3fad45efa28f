"""Short-lived shared state (sessions, CAPTCHA answers, one-time state) behind one narrow interface.

``KV_URL=sql`` (default) keeps entries in the service's own database; ``KV_URL=redis://…``
moves them to Redis so that several instances of a service share them; ``memory://`` is for
unit tests. Values are bytes; every entry has a time to live.
"""

from __future__ import annotations

import threading
import time
from typing import Any, Protocol, cast

import redis.exceptions
import sqlalchemy.exc
from sqlalchemy import LargeBinary, String, Table, bindparam, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, mapped_column

from shared.db import Base, Database

# A database or Redis that cannot be reached (restart, failover, pool exhausted): what a request
# reports as 503 "Service momentanément indisponible" (shared.web), never as a 500.
STORE_UNAVAILABLE: tuple[type[Exception], ...] = (
    sqlalchemy.exc.OperationalError, sqlalchemy.exc.InterfaceError, sqlalchemy.exc.TimeoutError,
    redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


class KeyValueStore(Protocol):
    def put(self, key: str, value: bytes, ttl: int) -> None: ...
    def get(self, key: str) -> bytes | None: ...
    def take(self, key: str) -> bytes | None:
        """Return and delete the value atomically: a second ``take`` gets ``None``."""
        ...
    def delete(self, *keys: str) -> None:
        """Delete every one of ``keys`` (one statement or call); absent keys are ignored."""
        ...

    def add(self, key: str, value: bytes, ttl: int) -> bool:
        """Store ``value`` only if ``key`` holds nothing live, atomically: of several callers
        racing for one key, exactly one gets ``True`` (a one-time identifier seen once)."""
        ...


class KvEntry(Base):
    """An entry of the SQL key-value store (table shared by every service database)."""

    __tablename__ = "kv_entries"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[bytes] = mapped_column(LargeBinary)
    expires_at: Mapped[float] = mapped_column(index=True)


KV = cast(Table, KvEntry.__table__)
_GET = select(KV.c.value, KV.c.expires_at).where(KV.c.key == bindparam("key"))
_TAKE = delete(KV).where(KV.c.key == bindparam("key")).returning(KV.c.value, KV.c.expires_at)
_DELETE = delete(KV).where(KV.c.key.in_(bindparam("keys", expanding=True)))
_PURGE = delete(KV).where(KV.c.expires_at < bindparam("now"))


class SqlKeyValueStore:
    """Entries in the service's database. Every request reads its session here: SQLAlchemy Core
    with statements built once, since building them and the ORM's unit of work cost several
    times the statement itself."""

    def __init__(self, database: Database) -> None:
        self._db = database
        self._last_purge = 0.0
        dialect_insert = pg_insert if database.engine.dialect.name == "postgresql" else sqlite_insert
        upsert = dialect_insert(KV)
        replace = {"value": upsert.excluded.value, "expires_at": upsert.excluded.expires_at}
        self._upsert = upsert.on_conflict_do_update(index_elements=[KV.c.key], set_=replace)
        # Inserted, or replacing an expired entry; a live entry stays and no row comes back.
        self._add = upsert.on_conflict_do_update(
            index_elements=[KV.c.key], set_=replace,
            where=KV.c.expires_at < bindparam("now")).returning(KV.c.key)

    def put(self, key: str, value: bytes, ttl: int) -> None:
        """One atomic upsert (SQLite and PostgreSQL): two requests writing the same key never collide."""
        with self._db.engine.begin() as connection:
            connection.execute(self._upsert, {"key": key, "value": value, "expires_at": time.time() + ttl})
        self._purge_now_and_then()

    def add(self, key: str, value: bytes, ttl: int) -> bool:
        """One statement (``INSERT … ON CONFLICT DO UPDATE … WHERE expired RETURNING``): the
        database decides which of several racing requests stored the key."""
        now = time.time()
        with self._db.engine.begin() as connection:
            added = connection.execute(self._add, {"key": key, "value": value, "expires_at": now + ttl,
                                                   "now": now}).first()
        self._purge_now_and_then()
        return added is not None

    def get(self, key: str) -> bytes | None:
        with self._db.engine.connect() as connection:
            row = connection.execute(_GET, {"key": key}).first()
        if row is None or row.expires_at < time.time():
            return None
        return bytes(row.value)

    def take(self, key: str) -> bytes | None:
        with self._db.engine.begin() as connection:
            row = connection.execute(_TAKE, {"key": key}).first()
        if row is None or row.expires_at < time.time():
            return None
        return bytes(row.value)

    def delete(self, *keys: str) -> None:
        if keys:
            with self._db.engine.begin() as connection:
                connection.execute(_DELETE, {"keys": list(keys)})

    def _purge_now_and_then(self) -> None:
        now = time.time()
        if now - self._last_purge < 60:
            return
        self._last_purge = now
        with self._db.engine.begin() as connection:
            connection.execute(_PURGE, {"now": now})

    def count(self) -> int:
        with self._db.engine.connect() as connection:
            return len(connection.execute(select(KV.c.key)).all())


def redis_options() -> dict[str, Any]:
    """Client options for every Redis use: bounded waits, and two quick retries on a fresh connection.

    After a Redis restart the pooled connections are dead: the first command on each reconnects
    instead of failing the request. While Redis is down, a request fails within about a second
    (redis-py's default would retry ten times) and the voter gets the French 503 page.
    """
    import redis
    from redis.backoff import ExponentialBackoff
    from redis.retry import Retry

    return {"socket_timeout": 5, "socket_connect_timeout": 2, "health_check_interval": 30,
            "retry": Retry(ExponentialBackoff(cap=0.5, base=0.05), 2),
            "retry_on_error": [redis.ConnectionError, redis.TimeoutError]}


class RedisKeyValueStore:
    def __init__(self, url: str, namespace: str) -> None:
        import redis

        self._redis = redis.Redis.from_url(url, **redis_options())
        self._ns = namespace

    def _k(self, key: str) -> str:
        return f"{self._ns}:{key}"

    def put(self, key: str, value: bytes, ttl: int) -> None:
        self._redis.set(self._k(key), value, ex=ttl)

    def get(self, key: str) -> bytes | None:
        return self._redis.get(self._k(key))  # type: ignore[return-value]

    def take(self, key: str) -> bytes | None:
        return self._redis.getdel(self._k(key))  # type: ignore[return-value]

    def add(self, key: str, value: bytes, ttl: int) -> bool:
        return bool(self._redis.set(self._k(key), value, ex=ttl, nx=True))  # SET NX: atomic in Redis

    def close(self) -> None:
        """Let go of the pooled connections (a process keeps its store for its whole life)."""
        self._redis.close()

    def delete(self, *keys: str) -> None:
        if keys:
            self._redis.delete(*(self._k(key) for key in keys))


class MemoryKeyValueStore:
    def __init__(self) -> None:
        self._data: dict[str, tuple[bytes, float]] = {}
        self._lock = threading.Lock()

    def put(self, key: str, value: bytes, ttl: int) -> None:
        with self._lock:
            self._data[key] = (value, time.time() + ttl)

    def get(self, key: str) -> bytes | None:
        with self._lock:
            item = self._data.get(key)
        return item[0] if item and item[1] >= time.time() else None

    def take(self, key: str) -> bytes | None:
        with self._lock:
            item = self._data.pop(key, None)
        return item[0] if item and item[1] >= time.time() else None

    def add(self, key: str, value: bytes, ttl: int) -> bool:
        now = time.time()
        with self._lock:
            item = self._data.get(key)
            if item is not None and item[1] >= now:
                return False
            self._data[key] = (value, now + ttl)
            return True

    def delete(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._data.pop(key, None)


def make_kv(url: str, database: Database, namespace: str) -> KeyValueStore:
    """The store named by ``KV_URL``: ``sql``, ``redis://…`` or ``memory://``."""
    if url == "sql":
        return SqlKeyValueStore(database)
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisKeyValueStore(url, namespace)
    if url == "memory://":
        return MemoryKeyValueStore()
    raise ValueError(f"KV_URL inconnu : {url!r}")
