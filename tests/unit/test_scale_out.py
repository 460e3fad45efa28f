"""Scale-out switches: stores named by URL and checked at start, a store out of reach answered with a
French 503 (not a 500, not a lost session), the SQL store's atomic upsert, Argon2id calibration."""

from __future__ import annotations

import secrets
import threading
from pathlib import Path
from typing import NoReturn

import pytest
import redis
from flask import Flask, session
from sqlalchemy.exc import OperationalError

from shared import calibration
from shared.db import Base, Database
from shared.kv import KV, KeyValueStore, SqlKeyValueStore
from shared.sessions import init_sessions
from shared.settings import ConfigError, load_settings
from shared.web import init_web

COOKIE = "__Host-essai-session"


@pytest.fixture
def environ(tmp_path) -> dict[str, str]:
    return {"ELECTIONS_ENV": "test", "DATA_DIR": str(tmp_path), "IDP_SECRET_KEY": secrets.token_urlsafe(32)}


def refused(environ: dict[str, str]) -> str:
    with pytest.raises(ConfigError) as caught:
        load_settings("idp", environ)
    return str(caught.value)


def test_the_embedded_default_is_unchanged(environ, tmp_path):
    settings = load_settings("idp", environ)
    assert settings.database_url == f"sqlite:///{tmp_path}/idp.db"
    assert (settings.kv_url, settings.ratelimit_url, settings.web_workers) == ("sql", "memory://", 1)


def test_postgresql_and_redis_are_chosen_by_configuration(environ):
    settings = load_settings("idp", {**environ, "IDP_DATABASE_URL": "postgresql+psycopg://idp:x@db/idp",
                                     "KV_URL": "redis://cache:6379/0", "RATELIMIT_STORAGE_URL": "redis://cache/1",
                                     "TRUSTED_PROXY_HOPS": "1", "WEB_WORKERS": "4"})
    assert settings.database_url.startswith("postgresql+psycopg://") and settings.proxy_hops == 1


@pytest.mark.parametrize("name, value", [
    ("IDP_DATABASE_URL", "postgresql://idp@db/idp"),  # psycopg2's scheme: not installed
    ("TRACE_DATABASE_URL", "mysql://trace@db/trace"),
    ("KV_URL", "memcached://cache"),
    ("RATELIMIT_STORAGE_URL", "unix:///tmp/redis.sock"),
])
def test_a_store_url_we_cannot_open_is_refused_at_start(environ, name, value):
    assert name in refused({**environ, name: value})


@pytest.mark.parametrize("several", [
    {"WEB_WORKERS": "2"},
    {"KV_URL": "redis://cache:6379/0"},
    {"IDP_DATABASE_URL": "postgresql+psycopg://idp:x@db/idp"},
])
def test_counters_in_one_process_memory_are_refused_with_several_processes(environ, several):
    assert "RATELIMIT_STORAGE_URL=memory://" in refused({**environ, **several})
    with_redis = {**environ, **several, "RATELIMIT_STORAGE_URL": "redis://cache:6379/1"}
    if "KV_URL" not in several:
        assert "KV_URL=memory://" in refused({**with_redis, "KV_URL": "memory://"})
    assert load_settings("idp", with_redis).ratelimit_url == "redis://cache:6379/1"


class DownStore:
    """A key-value store whose server is down: every call raises as redis-py does."""

    def _refused(self, *_args: object) -> None:
        raise redis.ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    put = get = take = delete = _refused

    def add(self, *_args: object) -> bool:
        self._refused()
        return False


def app_with(kv: KeyValueStore) -> Flask:
    app = Flask(__name__)
    app.config.update(SECRET_KEY="k" * 32, TESTING=False)
    init_web(app, service_title="Essai")
    init_sessions(app, kv, COOKIE, 900, 3600)

    @app.route("/page")
    def page() -> dict[str, str | None]:
        return {"voter": session.get("voter")}

    @app.route("/base-coupee")
    def database_down() -> NoReturn:
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))

    return app


def test_a_session_store_out_of_reach_gives_the_french_503_and_keeps_the_cookie():
    client = app_with(DownStore()).test_client()
    client.set_cookie(COOKIE, "s" * 43, domain="localhost")
    response = client.get("/page", base_url="https://localhost")
    body = response.get_data(as_text=True)
    assert response.status_code == 503 and "momentanément indisponible" in body
    assert response.headers["Retry-After"] == "5"
    assert "Set-Cookie" not in response.headers  # the voter's session is not forgotten
    assert "Traceback" not in body and "Connection refused" not in body


def test_a_database_out_of_reach_gives_the_french_503_not_a_500(tmp_path):
    database = Database(f"sqlite:///{tmp_path}/kv.db")
    Base.metadata.create_all(database.engine, tables=[KV])
    response = app_with(SqlKeyValueStore(database)).test_client().get("/base-coupee",
                                                                      base_url="https://localhost")
    assert response.status_code == 503
    assert "Service momentanément indisponible" in response.get_data(as_text=True)
    json_response = app_with(SqlKeyValueStore(database)).test_client().get(
        "/base-coupee", base_url="https://localhost", headers={"Accept": "application/json"})
    assert json_response.status_code == 503
    assert json_response.json["error"] == "Service momentanément indisponible"


def test_a_store_that_fails_while_saving_the_session_gives_503_too() -> None:
    class FailsOnWrite(DownStore):
        def get(self, *_args: object) -> None:  # reads find nothing; writes still raise
            return None

    app = app_with(FailsOnWrite())

    @app.route("/ecrit")
    def write() -> str:
        session["voter"] = "100001"
        return "ok"

    response = app.test_client().get("/ecrit", base_url="https://localhost")
    assert response.status_code == 503 and "momentanément" in response.get_data(as_text=True)


def test_the_sql_store_upserts_atomically_under_concurrent_writes(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path}/kv.db")
    Base.metadata.create_all(database.engine, tables=[KV])
    kv = SqlKeyValueStore(database)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for i in range(20):
                kv.put("meme-cle", f"{n}-{i}".encode(), 60)
        except BaseException as error:  # noqa: BLE001 - collected for the assertion
            errors.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and kv.count() == 1 and kv.take("meme-cle") is not None and kv.get("meme-cle") is None


def test_calibration_never_goes_below_the_floor(monkeypatch):
    monkeypatch.setattr(calibration, "verify_ms", lambda params: 40.0 * params.memory_kib / 19456
                        * params.time_cost / 2)
    chosen, took = calibration.calibrate(10, report=None)  # a target below the floor's cost
    assert (chosen.memory_kib, chosen.time_cost) == (19 * 1024, 2) and took == 40.0


def test_calibration_grows_memory_first_then_passes_up_to_the_target(monkeypatch):
    monkeypatch.setattr(calibration, "verify_ms", lambda params: 40.0 * params.memory_kib / 19456
                        * params.time_cost / 2)
    chosen, took = calibration.calibrate(250, max_memory_mib=64, report=None)
    # 19 → 24 → 30 → 38 → 48 → 60 MiB at t = 2 (126 ms), then t = 3 (189 ms); t = 4 (253 ms) is over
    assert (chosen.memory_kib, chosen.time_cost) == (60 * 1024, 3) and 180 < took <= 250
    assert "ARGON2_MEMORY_KIB=61440" in chosen.environment()


def test_the_sql_store_deletes_several_keys_at_once_and_only_those(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path}/kv.db")
    Base.metadata.create_all(database.engine, tables=[KV])
    kv = SqlKeyValueStore(database)
    for key in ("a", "b", "c"):
        kv.put(key, key.encode(), 60)
    kv.delete("a", "c", "absente")
    kv.delete()  # nothing to delete: nothing happens
    assert kv.get("a") is None and kv.get("c") is None and kv.get("b") == b"b"
