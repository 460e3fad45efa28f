"""Issued authorization codes in bulk, straight into the portal's database, to measure how the cost
of an SSO flow grows with the number of codes kept (``oidc_codes``).

The rows are realistic: copied from a code the bench's client was really issued (same client,
scope, PKCE method), each with its own digest, nonce and session id, for one of the first ten
thousand voters in turn, already used, and expiring within
the last forty minutes or the next minute (a purge of codes expired for more than an hour leaves
them in place during the phase). SQLite: ``executemany`` in batches, one transaction each, so the
running provider waits at most one batch; PostgreSQL: ``COPY``, then ``ANALYZE`` as autovacuum
would have done on a table that large.
"""

from __future__ import annotations

import base64
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime, timedelta

import psycopg

COLUMNS = ("digest", "client_id", "redirect_uri", "scope", "nonce", "code_challenge", "code_challenge_method",
           "voter_id", "sid", "auth_time", "acr", "amr", "expires_at", "used_at")
_COPIED = ", ".join(c for c in COLUMNS if c not in ("digest", "nonce", "expires_at", "used_at"))
TEMPLATE = f"SELECT {_COPIED} FROM oidc_codes WHERE client_id = {{}} ORDER BY id DESC LIMIT 1"  # noqa: S608
BATCH = 50_000
VOTERS = "SELECT id FROM voters ORDER BY id LIMIT 10000"
SQLITE_TIME = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy stores a DateTime in SQLite


def _rows(template: tuple[object, ...], voters: list[int], count: int,
          as_text: bool) -> Iterator[tuple[object, ...]]:
    """``count`` used codes shaped like ``template`` (the copied columns), expiring around now."""
    now = datetime.now(UTC).replace(tzinfo=None)  # naive UTC, as every database stores it
    client_id, redirect_uri, scope, challenge, method, _, _, auth_time, acr, amr = template
    for i in range(count):
        expires = now + timedelta(seconds=60 - 2400 * i / count)
        used = expires - timedelta(seconds=55)
        random = os.urandom(64)  # digest, nonce and session id from one system call
        yield (random[:32].hex(), client_id, redirect_uri, scope, f"banc-{_token(random[32:48])}",
               challenge, method, voters[i % len(voters)], _token(random[48:]), auth_time, acr, amr,
               expires.strftime(SQLITE_TIME) if as_text else expires,
               used.strftime(SQLITE_TIME) if as_text else used)


def _token(random: bytes) -> str:
    """What ``secrets.token_urlsafe`` makes of these bytes."""
    return base64.urlsafe_b64encode(random).rstrip(b"=").decode()


def _sqlite_path(url: str) -> str:
    return url.removeprefix("sqlite:///")


def _postgres(url: str) -> psycopg.Connection:
    return psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://", 1))


def count_codes(url: str) -> int:
    query = "SELECT count(*) FROM oidc_codes"
    if url.startswith("sqlite:///"):
        with closing(sqlite3.connect(_sqlite_path(url), timeout=30)) as db:
            return int(db.execute(query).fetchone()[0])
    with _postgres(url) as db:
        return int(db.execute(query).fetchone()[0])  # type: ignore[index]


def fill_codes(url: str, client_id: str, count: int) -> float:
    """Insert ``count`` codes of ``client_id`` (which must have been issued one); seconds taken."""
    start = time.perf_counter()
    if count > 0:
        (_fill_sqlite if url.startswith("sqlite:///") else _fill_postgres)(url, client_id, count)
    return round(time.perf_counter() - start, 1)


def _fill_sqlite(url: str, client_id: str, count: int) -> None:
    insert = f"INSERT INTO oidc_codes ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"  # noqa: S608
    with closing(sqlite3.connect(_sqlite_path(url), timeout=30)) as db:
        # This connection only: a filler does not need each batch on disk before the next, and a
        # large page cache keeps the random digests' index in memory while it grows.
        db.execute("PRAGMA synchronous=OFF")
        db.execute("PRAGMA cache_size=-262144")
        template = db.execute(TEMPLATE.format("?"), (client_id,)).fetchone()
        assert template is not None, "aucun code émis pour le client du banc"
        voters = [int(row[0]) for row in db.execute(VOTERS)]
        rows = _rows(tuple(template), voters, count, as_text=True)
        while batch := [row for _, row in zip(range(BATCH), rows, strict=False)]:
            with db:  # one transaction per batch: the running provider waits one batch at most
                db.executemany(insert, batch)


def _fill_postgres(url: str, client_id: str, count: int) -> None:
    with _postgres(url) as db:
        template = db.execute(TEMPLATE.format("%s"), (client_id,)).fetchone()
        assert template is not None, "aucun code émis pour le client du banc"
        copy_in = f"COPY oidc_codes ({', '.join(COLUMNS)}) FROM STDIN"
        voters = [int(row[0]) for row in db.execute(VOTERS).fetchall()]
        rows = _rows(tuple(template), voters, count, as_text=True)  # COPY's text format, a batch at a time
        with db.cursor() as cursor, cursor.copy(copy_in) as copy:
            while batch := [row for _, row in zip(range(BATCH), rows, strict=False)]:
                copy.write("".join("\t".join(map(_copy_text, row)) + "\n" for row in batch))
        db.commit()
        db.autocommit = True
        db.execute("ANALYZE oidc_codes")


def _copy_text(value: object) -> str:
    """One value in COPY's text format (the copied columns hold no tab, newline or backslash)."""
    return "\\N" if value is None else str(value)


def code_indexes(url: str) -> list[str]:
    """The indexes of ``oidc_codes`` (so the report says what the phase measured)."""
    if url.startswith("sqlite:///"):
        with closing(sqlite3.connect(_sqlite_path(url), timeout=30)) as db:
            rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?",
                              ("oidc_codes",)).fetchall()
            return sorted(str(r[0]) for r in rows)
    with _postgres(url) as db:
        rows = db.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'oidc_codes'").fetchall()
        return sorted(str(r[0]) for r in rows)
