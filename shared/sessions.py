"""Server-side sessions on the key-value store, with renewal, idle and absolute timeouts.

The browser holds only a random id in a ``__Host-`` cookie (HttpOnly, Secure, SameSite=Lax);
the store keys entries by the SHA-256 of that id, so a copy of the store yields no usable
cookie. ``regenerate_session()`` gives a fresh id at each authentication step (OWASP ASVS
7.2.4, against session fixation).
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Flask, Request, Response, current_app, jsonify, session, url_for
from flask.sessions import SessionInterface, SessionMixin
from werkzeug.datastructures import CallbackDict

from shared.kv import STORE_UNAVAILABLE, KeyValueStore

CREATED = "_created"
SEEN = "_seen"
SEEN_REFRESH_SECONDS = 30  # a session last written longer ago is written again (idle time restarts)


class ServerSession(CallbackDict[str, Any], SessionMixin):
    """A session whose content lives on the server."""

    def __init__(self, initial: dict[str, Any] | None, sid: str, new: bool) -> None:
        def on_update(_self: CallbackDict[str, Any]) -> None:
            self.modified = True

        super().__init__(initial or {}, on_update)
        self.sid = sid
        self.new = new
        self.modified = False
        self.previous_sid: str | None = None
        self.unavailable: Exception | None = None  # the store could not be read: nothing is saved
        self.untouched = False  # set by a request that must not count as activity (expiry status)


def _store_key(sid: str) -> str:
    return "session:" + hashlib.sha256(sid.encode()).hexdigest()


class ServerSessionInterface(SessionInterface):
    """Flask session interface backed by a :class:`KeyValueStore`."""

    def __init__(self, kv: KeyValueStore, cookie_name: str, idle: int, absolute: int) -> None:
        self.kv = kv
        self.cookie_name = cookie_name
        self.idle = idle
        self.absolute = absolute

    def open_session(self, app: Flask, request: Request) -> ServerSession:
        sid = request.cookies.get(self.cookie_name, "")
        if 20 <= len(sid) <= 64:
            try:
                raw = self.kv.get(_store_key(sid))
            except STORE_UNAVAILABLE as error:  # reported by _store_reachable, with the session opened
                unreadable = ServerSession(None, sid, new=False)
                unreadable.unavailable = error
                return unreadable
            if raw is not None:
                data = json.loads(raw)
                now = time.time()
                fresh = now - data.get(SEEN, 0) <= self.idle and now - data.get(CREATED, 0) <= self.absolute
                if fresh:
                    return ServerSession(data, sid, new=False)
                self.kv.delete(_store_key(sid))
        return ServerSession(None, secrets.token_urlsafe(32), new=True)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        assert isinstance(session, ServerSession)
        if session.unavailable is not None or session.untouched:  # nothing to write, nothing refreshed
            return
        if session.previous_sid:
            self.kv.delete(_store_key(session.previous_sid))
        if not session:
            if not session.new:
                self.kv.delete(_store_key(session.sid))
                response.delete_cookie(self.cookie_name, path="/", secure=True, httponly=True,
                                       samesite="Lax")
            return
        now = time.time()
        stale_seen = now - session.get(SEEN, 0) > SEEN_REFRESH_SECONDS
        if not (session.modified or session.new or session.previous_sid or stale_seen):
            return
        data = dict(session)
        data.setdefault(CREATED, now)
        data[SEEN] = now
        self.kv.put(_store_key(session.sid), json.dumps(data).encode(), self.idle)
        response.set_cookie(self.cookie_name, session.sid, path="/", secure=True, httponly=True,
                            samesite="Lax")
        response.vary.add("Cookie")


def regenerate_session() -> None:
    """Give the current session a new id, keeping its content (call at each authentication step)."""
    current = session._get_current_object()  # type: ignore[attr-defined]
    assert isinstance(current, ServerSession)
    if current.previous_sid is None and not current.new:
        current.previous_sid = current.sid
    current.sid = secrets.token_urlsafe(32)
    current[CREATED] = current.get(CREATED, time.time())
    current.modified = True


def reset_session() -> None:
    """Forget everything in the session and give it a new id (logout, new identity)."""
    session.clear()
    regenerate_session()
    session[CREATED] = time.time()


def init_sessions(app: Flask, kv: KeyValueStore, cookie_name: str, idle: int, absolute: int) -> None:
    """Install server-side sessions on ``app`` with a ``__Host-`` cookie named for the service."""
    if not cookie_name.startswith("__Host-"):
        raise ValueError("Le cookie de session doit porter le préfixe __Host-.")
    app.session_interface = ServerSessionInterface(kv, cookie_name, idle, absolute)
    # First of the request hooks (before the CSRF check reads the session): a session store out of
    # reach answers 503 "momentanément indisponible", not "formulaire expiré" or a sign-in page.
    app.before_request_funcs.setdefault(None, []).insert(0, _store_reachable)


def _store_reachable() -> None:
    failure = getattr(session._get_current_object(), "unavailable", None)  # type: ignore[attr-defined]
    if failure is not None:
        raise failure


# -- Controllable time limit (WCAG 2.2.1): warn before the idle timeout, extend with one click --------
EXPIRY = "session_expiry"
expiry = Blueprint("session_expiry", __name__)


def init_session_expiry(app: Flask, active: Callable[[], bool], sign_in_endpoint: str) -> None:
    """Pages of an ``active`` session (signed in, or in the middle of a journey) carry its time
    limits; shared/static/session-expiry.js warns two minutes before the idle timeout and the
    voter extends the session with one click. The absolute limit is shown, never extended."""
    app.extensions[EXPIRY] = (active, sign_in_endpoint)
    app.register_blueprint(expiry)

    @app.context_processor
    def _session_expiry() -> dict[str, Any]:
        return {"session_expiry": _remaining(page_view=True) if active() else None}


def _remaining(*, page_view: bool) -> dict[str, Any]:
    """Seconds left before the idle and the absolute timeouts. A page view resets the idle time
    when save_session writes the session again (modified, or last seen SEEN_REFRESH_SECONDS ago)."""
    interface = current_app.session_interface
    assert isinstance(interface, ServerSessionInterface)
    now = time.time()
    seen = session.get(SEEN, now)
    if page_view and now - seen > SEEN_REFRESH_SECONDS:
        seen = now
    _active, sign_in_endpoint = current_app.extensions[EXPIRY]
    return {"idle": max(0, int(interface.idle - (now - seen))),
            "absolute": max(0, int(interface.absolute - (now - session.get(CREATED, now)))),
            "sign_in": url_for(sign_in_endpoint)}


@expiry.get("/session/etat")
def status() -> tuple[Response, int]:
    """What is left of this browser's session, without counting as activity (another tab may have
    kept it alive: the page asks before saying it has expired)."""
    session.untouched = True  # type: ignore[attr-defined]
    active, _endpoint = current_app.extensions[EXPIRY]
    if session.new or not active():
        return jsonify(active=False), 200
    return jsonify(active=True, **_remaining(page_view=False)), 200


@expiry.post("/session/prolonger")
def extend() -> tuple[Response, int]:
    """The voter asked for more time: the session is written again, its idle time starts over."""
    active, _endpoint = current_app.extensions[EXPIRY]
    if session.new or not active():
        session.untouched = True  # type: ignore[attr-defined]
        return jsonify(active=False), 401
    session[SEEN] = time.time()  # modified: save_session writes it with a fresh idle TTL
    return jsonify(active=True, **_remaining(page_view=False)), 200
