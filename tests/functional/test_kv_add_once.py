"""``add``: a key stored only when it holds nothing live, decided atomically by the store, in each
of the key-value stores a deployment may use (SQLite, PostgreSQL, Redis, memory).

What relies on it: a client assertion's ``jti`` is accepted once (RFC 7523 §3), at the portal and
at the FranceConnect mock. Read-then-write would let two token requests racing with one assertion
both through; here exactly one of many simultaneous callers wins.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bench.servers import start_postgres, start_redis
from shared.db import Base, Database
from shared.kv import KV, KeyValueStore, MemoryKeyValueStore, RedisKeyValueStore, SqlKeyValueStore

RACERS = 12


def sql_store(url: str, opened: list[Database]) -> SqlKeyValueStore:
    database = Database(url)
    opened.append(database)
    Base.metadata.create_all(database.engine, tables=[KV])
    return SqlKeyValueStore(database)


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    server = start_postgres()
    try:
        yield server.create("kv_essai", "kv_essai")
    finally:
        server.stop()
        shutil.rmtree(server.folder, ignore_errors=True)


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    server = start_redis()
    try:
        yield server.url
    finally:
        server.stop()
        shutil.rmtree(server.folder, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql", "redis", "memory"])
def make_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], KeyValueStore]]:
    """A factory of stores on one backend: each call a new client (a process of its own, as far as
    the store can tell), every one on the same data."""
    kind = request.param
    opened: list[Database] = []
    if kind == "sqlite":
        yield lambda: sql_store(f"sqlite:///{tmp_path}/kv.db", opened)
    elif kind == "postgresql":
        url = request.getfixturevalue("postgres_url")
        yield lambda: sql_store(url, opened)
    elif kind == "redis":
        url, namespace = request.getfixturevalue("redis_url"), f"essai-{time.monotonic_ns()}"
        clients: list[RedisKeyValueStore] = []

        def redis_store() -> KeyValueStore:
            clients.append(RedisKeyValueStore(url, namespace))
            return clients[-1]

        yield redis_store
        for client in clients:
            client.close()
    else:
        memory = MemoryKeyValueStore()
        yield lambda: memory
    for database in opened:
        database.engine.dispose()


def test_a_key_is_added_once_while_it_lives(make_store: Callable[[], KeyValueStore]) -> None:
    store = make_store()
    assert store.add("jti:un", b"1", 60) is True
    assert store.add("jti:un", b"2", 60) is False
    assert store.get("jti:un") == b"1"  # the first value stays
    assert store.add("jti:deux", b"1", 60) is True  # another key is another identifier


def test_an_expired_key_may_be_added_again(make_store: Callable[[], KeyValueStore]) -> None:
    store = make_store()
    assert store.add("jti:court", b"1", 1) is True
    time.sleep(2.1)  # Redis expires on whole seconds
    assert store.add("jti:court", b"2", 60) is True
    assert store.get("jti:court") == b"2"


def test_of_many_simultaneous_callers_exactly_one_adds_the_key(
        make_store: Callable[[], KeyValueStore]) -> None:
    stores = [make_store() for _ in range(RACERS)]
    start = threading.Barrier(RACERS)
    won: list[bool] = []
    errors: list[BaseException] = []

    def race(store: KeyValueStore) -> None:
        try:
            start.wait(timeout=30)
            won.append(store.add("jti:dispute", b"1", 60))
        except BaseException as error:  # noqa: BLE001 - collected for the assertion
            errors.append(error)

    threads = [threading.Thread(target=race, args=(store,)) for store in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert sorted(won) == [False] * (RACERS - 1) + [True]
