"""Server-side sessions: a __Host- cookie holding a random id, renewal, idle and absolute timeouts."""

from __future__ import annotations

import hashlib
import json
import time

import pytest
from flask import Flask, session
from sqlalchemy import select
from werkzeug.test import TestResponse

from shared.db import Base, Database
from shared.kv import KV, KvEntry, SqlKeyValueStore
from shared.sessions import init_sessions, regenerate_session, reset_session

COOKIE = "__Host-essai-session"
IDLE, ABSOLUTE = 900, 3600


@pytest.fixture
def database(tmp_path) -> Database:
    database = Database(f"sqlite:///{tmp_path}/sessions.db")
    Base.metadata.create_all(database.engine, tables=[KV])
    return database


@pytest.fixture
def kv(database) -> SqlKeyValueStore:
    return SqlKeyValueStore(database)


@pytest.fixture
def app(kv) -> Flask:
    app = Flask(__name__)
    app.config.update(SECRET_KEY="x" * 32)
    init_sessions(app, kv, COOKIE, IDLE, ABSOLUTE)

    @app.post("/entrer")
    def enter() -> str:
        session["voter_id"] = 7
        return "ok"

    @app.post("/renouveler")
    def renew() -> str:
        regenerate_session()
        return "ok"

    @app.post("/sortir")
    def leave() -> str:
        reset_session()
        return "ok"

    @app.get("/qui")
    def who() -> str:
        return str(session.get("voter_id"))

    return app


class Browser:
    """Sends the session cookie by hand, so a test can replay any id it has seen."""

    def __init__(self, app: Flask) -> None:
        self.client = app.test_client(use_cookies=False)
        self.sid: str | None = None

    def request(self, method: str, path: str, sid: str | None = None) -> TestResponse:
        sid = sid or self.sid
        headers = {"Cookie": f"{COOKIE}={sid}"} if sid else {}
        response = self.client.open(path, method=method, base_url="https://localhost", headers=headers)
        for header in response.headers.getlist("Set-Cookie"):
            name, _, rest = header.partition("=")
            if name == COOKIE:
                self.sid = rest.split(";")[0] or None
        return response

    def who(self, sid: str | None = None) -> str:
        return self.request("GET", "/qui", sid).get_data(as_text=True)


def stored(database: Database) -> dict[str, bytes]:
    with database.session() as s:
        return {row.key: row.value for row in s.execute(select(KvEntry.key, KvEntry.value))}


def read(database: Database, sid: str) -> dict[str, float]:
    entry = stored(database)["session:" + hashlib.sha256(sid.encode()).hexdigest()]
    data: dict[str, float] = json.loads(entry)
    return data


def age(database: Database, sid: str, **fields: float) -> None:
    """Move the stored timestamps of a session back in time (as if the clock had run)."""
    key = "session:" + hashlib.sha256(sid.encode()).hexdigest()
    with database.session() as s:
        entry = s.get(KvEntry, key)
        assert entry is not None
        data = json.loads(entry.value)
        data.update(fields)
        entry.value = json.dumps(data).encode()


def test_the_cookie_is_a_host_prefixed_secure_httponly_lax_cookie(app):
    response = Browser(app).request("POST", "/entrer")
    cookie = response.headers["Set-Cookie"]
    attributes = [part.strip().lower() for part in cookie.split(";")[1:]]
    assert cookie.startswith(f"{COOKIE}=")
    assert {"secure", "httponly", "samesite=lax", "path=/"} <= set(attributes)
    assert not any(a.startswith("domain=") for a in attributes)  # required by the __Host- prefix


def test_only_host_prefixed_cookie_names_are_accepted(kv):
    with pytest.raises(ValueError, match="__Host-"):
        init_sessions(Flask(__name__), kv, "idp-session", IDLE, ABSOLUTE)


def test_the_session_is_kept_on_the_server_under_a_random_id(app):
    browser = Browser(app)
    browser.request("POST", "/entrer")
    assert browser.sid is not None and len(browser.sid) >= 32
    assert browser.who() == "7"
    assert Browser(app).who() == "None"


def test_an_unknown_id_opens_an_empty_session(app):
    assert Browser(app).who("a" * 43) == "None"


def test_the_store_keeps_no_raw_session_id(app, database):
    browser = Browser(app)
    browser.request("POST", "/entrer")
    entries = stored(database)
    assert list(entries) == ["session:" + hashlib.sha256(browser.sid.encode()).hexdigest()]
    for key, value in entries.items():
        assert browser.sid not in key and browser.sid.encode() not in value


def test_regeneration_gives_a_new_id_and_the_old_one_stops_working(app, database):
    browser = Browser(app)
    browser.request("POST", "/entrer")
    old = browser.sid
    browser.request("POST", "/renouveler")
    assert browser.sid is not None and browser.sid != old
    assert browser.who() == "7"
    assert browser.who(old) == "None"
    assert len(stored(database)) == 1


def test_reset_forgets_the_content_and_the_old_id(app):
    browser = Browser(app)
    browser.request("POST", "/entrer")
    old = browser.sid
    browser.request("POST", "/sortir")
    assert browser.sid != old
    assert browser.who() == "None"
    assert browser.who(old) == "None"


def test_an_idle_session_expires(app, database):
    browser = Browser(app)
    browser.request("POST", "/entrer")
    age(database, browser.sid, _seen=time.time() - IDLE + 60)
    assert browser.who() == "7"
    age(database, browser.sid, _seen=time.time() - IDLE - 1)
    assert browser.who() == "None"
    assert stored(database) == {}


def test_a_busy_session_still_ends_at_the_absolute_timeout(app, database):
    browser = Browser(app)
    browser.request("POST", "/entrer")
    age(database, browser.sid, _created=time.time() - ABSOLUTE + 60)
    assert browser.who() == "7"
    age(database, browser.sid, _created=time.time() - ABSOLUTE - 1, _seen=time.time())
    assert browser.who() == "None"


def test_activity_pushes_the_idle_timeout_back(app, database):
    browser = Browser(app)
    browser.request("POST", "/entrer")
    age(database, browser.sid, _seen=time.time() - IDLE + 10)
    assert browser.who() == "7"
    assert time.time() - read(database, browser.sid)["_seen"] < 5
