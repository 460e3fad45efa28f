"""Recording trace events: best effort, bounded, redacted before anything is written.

A trace failure must never break a voter's request: :meth:`Recorder.record` logs a warning (the
exception's type only: its text could quote a value) and returns. Retention is bounded by age
(``TRACE_RETENTION_HOURS``, 72 h by default) and by count (``TRACE_MAX_EVENTS``, 100 000),
purged every few hundred events and at least every ten minutes of activity.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from flask import current_app, g, has_app_context, has_request_context, session

from shared.timeutil import utcnow
from shared.trace import correlation
from shared.trace.events import TraceStore
from shared.trace.exchange import Part
from shared.trace.jwt_view import CheckLog, describe

log = logging.getLogger(__name__)
PURGE_EVERY_EVENTS = 500
PURGE_EVERY_SECONDS = 600
EXTENSION = "trace"
_stores: dict[str, TraceStore] = {}
_stores_lock = threading.Lock()


def shared_store(url: str) -> TraceStore:
    """One store (one engine) per URL and process, whatever the number of apps built."""
    with _stores_lock:
        if url not in _stores:
            _stores[url] = TraceStore(url)
        return _stores[url]


class Recorder:
    """One service's recorder (``app.extensions['trace']``)."""

    def __init__(self, store: TraceStore, service: str, retention_hours: int, max_events: int) -> None:
        self.store = store
        self.service = service
        self.retention = timedelta(hours=retention_hours)
        self.max_events = max_events
        self._written = 0
        self._purged_at = time.monotonic()
        self._warned = False

    def record(self, direction: str, endpoint: str, *, label: str, method: str | None = None,
               status: int | None = None, peer: str | None = None, request: Part | None = None,
               response: Part | None = None, checks: CheckLog | None = None,
               at: datetime | None = None) -> None:
        """Store one event; never raises."""
        try:
            if not self.store.ready():
                self._warn_once("schéma absent : lancez python -m shared.trace migrate")
                return
            request, response = request or Part(), response or Part()
            all_keys = request.keys | response.keys
            journey = current_journey_key(self.service)
            if journey:
                all_keys.add(journey)
            jwks = request.jwks or response.jwks
            self.store.add({
                "at": at or utcnow(), "service": self.service, "direction": direction,
                "label": label[:120], "method": method, "endpoint": endpoint[:500], "peer": peer,
                "status": status, "request": request.shown, "response": response.shown,
                "jwts": request.jwts + response.jwts, "checks": list(checks.steps) if checks else [],
                "jwks": jwks,
                "kids": " ".join(str(k.get("kid")) for k in jwks["keys"])[:1000] if jwks else None,
            }, keys=all_keys)
            self._written += 1
            self._purge_now_and_then()
        except Exception as error:  # noqa: BLE001 - best effort by design: the request goes on
            log.warning("Trace : événement non enregistré (%s)", type(error).__name__)

    def verification(self, role: str, compact: str, checks: CheckLog, *, peer: str | None,
                     endpoint: str) -> None:
        """A token checked locally: decoded (never kept whole), with the steps the verifier ran."""
        part = Part(jwts=[describe(role, compact)] if compact else [],
                    keys=correlation.keys_from_jwt(compact) if compact else set())
        label = {"id_token": "Vérification du jeton d'identité", "userinfo": "Vérification de UserInfo signé",
                 "logout_token": "Vérification du jeton de déconnexion"}.get(role, "Vérification d'un jeton")
        self.record("local", endpoint, label=label, peer=peer, request=part, checks=checks)

    def _purge_now_and_then(self) -> None:
        due = (self._written % PURGE_EVERY_EVENTS == 0
               or time.monotonic() - self._purged_at > PURGE_EVERY_SECONDS)
        if due:
            self._purged_at = time.monotonic()
            self.store.purge(self.retention, self.max_events)

    def _warn_once(self, why: str) -> None:
        if not self._warned:
            self._warned = True
            log.warning("Trace désactivée pour %s : %s", self.service, why)


@contextmanager
def never_raising(what: str) -> Iterator[None]:
    """Around what a hook does for the trace (reading the exchange, redacting, recording): a
    failure is logged by its type only and the request, the answer or the call goes on unchanged."""
    try:
        yield
    except Exception as error:  # noqa: BLE001 - the trace never turns an answer into an error
        log.warning("Trace : %s non enregistré (%s)", what, type(error).__name__)


def current() -> Recorder | None:
    """The running app's recorder, if it has one."""
    if not has_app_context():
        return None
    recorder = current_app.extensions.get(EXTENSION)
    return recorder if isinstance(recorder, Recorder) else None


def end_journey() -> None:
    """The voter has logged out: what this request records still closes the journey, the next
    request in this browser starts another (else every later sign-in joins the old one)."""
    if has_request_context():
        session.pop(correlation.JOURNEY_SESSION_KEY, None)
        g.trace_journey_ended = True


def current_journey_key(service: str) -> str | None:
    """The per-browser-session journey key of this service (None outside a browser request)."""
    if not has_request_context():
        return None
    journey = g.get("trace_journey") or session.get(correlation.JOURNEY_SESSION_KEY)
    if journey is None:
        if not session:  # a server calling (token, JWKS…): no browser journey of its own
            return None
        journey = correlation.new_journey_id()
    g.trace_journey = journey
    return correlation.journey_key(service, str(journey))
