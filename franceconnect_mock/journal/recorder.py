"""Writes and reads the per-request log, with secrets kept out of it.

Client secrets are never written; codes and tokens are cut to their first six characters (enough
to follow one through a flow, useless to replay); JWTs appear decoded (header and claims), not
as compact tokens. The log keeps the newest ``KEEP`` entries.

Writing the log never breaks the answer: a failure is logged (its type only) and the response goes
out as the protocol made it, a refusal included.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import Request
from sqlalchemy import delete, select
from werkzeug.wrappers import Response

from franceconnect_mock.clock import MockClock
from franceconnect_mock.journal.models import JournalEntry
from franceconnect_mock.journal.trace import Trace
from shared.db import Database
from shared.timeutil import utcnow
from shared.trace.inbound import received_params

log = logging.getLogger(__name__)

KEEP = 5000
HIDDEN = {"client_secret", "password", "mot_de_passe", "csrf_token"}
SHORTENED = {"code", "access_token", "token", "refresh_token"}
DECODED = {"client_assertion", "id_token_hint", "id_token"}
MAX_VALUE = 300


def shorten(value: str) -> str:
    return value[:6] + "…" if len(value) > 6 else value


def _clean(params: dict[str, list[str]]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for name, values in params.items():
        shown = []
        for value in values:
            if name in HIDDEN:
                shown.append("(masqué)")
            elif name in SHORTENED:
                shown.append(shorten(value))
            elif name in DECODED:
                shown.append("(JWT, voir décodé)")
            else:
                cut = value[:MAX_VALUE] + f"… ({len(value)} car.)"
                shown.append(value if len(value) <= MAX_VALUE else cut)
        cleaned[name] = shown[0] if len(shown) == 1 else shown
    return cleaned


def _authorization(request: Request) -> str | None:
    header = request.headers.get("Authorization")
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "basic":
        return "Basic (masqué : client_secret_basic)"
    return f"{scheme} {shorten(value)}"


def request_summary(request: Request) -> dict[str, Any]:
    summary: dict[str, Any] = {"path": request.path, "params": _clean(received_params(request))}
    authorization = _authorization(request)
    if authorization:
        summary["authorization"] = authorization
    return summary


def _clean_location(location: str) -> str:
    parts = urlsplit(location)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    query = [(k, shorten(v) if k in SHORTENED else v) for k, v in pairs]
    return urlunsplit(parts._replace(query=urlencode(query)))


def response_summary(response: Response) -> dict[str, Any]:
    summary: dict[str, Any] = {"content_type": response.mimetype}
    if "Location" in response.headers:
        summary["location"] = _clean_location(response.headers["Location"])
    if response.is_json and not response.direct_passthrough:
        body = response.get_json(silent=True)
        if isinstance(body, dict):
            summary["body"] = _clean({k: [v if isinstance(v, str) else str(v)] for k, v in body.items()
                                      if k not in ("keys",)})
    if "WWW-Authenticate" in response.headers:
        summary["www_authenticate"] = response.headers["WWW-Authenticate"]
    return summary


class Journal:
    def __init__(self, database: Database, clock: MockClock) -> None:
        self._db = database
        self._clock = clock
        self._written = 0

    def record(self, trace: Trace, request: Request, response: Response) -> None:
        """Write one entry; never raises."""
        try:
            self._write(trace, request, response)
        except Exception as error:  # noqa: BLE001 - the journal never turns an answer into a 500
            log.warning("Journal : requête non enregistrée (%s)", type(error).__name__)

    def _write(self, trace: Trace, request: Request, response: Response) -> None:
        entry = JournalEntry(at=utcnow(), mock_time=self._clock.now(), endpoint=trace.endpoint,
                             method=request.method, client_id=trace.client_id,
                             request=request_summary(request), status=response.status_code,
                             response=response_summary(response), jwts=trace.jwts, y_code=trace.y_code,
                             why=trace.why, scenario=trace.scenario, flow=trace.flow,
                             observations=trace.observations)
        with self._db.session() as s:
            s.add(entry)
        self._written += 1
        if self._written % 100 == 0:
            self._trim()

    def _trim(self) -> None:
        with self._db.session() as s:
            oldest_kept = select(JournalEntry.id).order_by(JournalEntry.id.desc()).offset(KEEP).limit(1)
            newest = s.scalars(oldest_kept).first()
            if newest is not None:
                s.execute(delete(JournalEntry).where(JournalEntry.id <= newest))

    def entries(self, client_id: str | None = None, limit: int = 100, endpoint: str | None = None
                ) -> list[dict[str, Any]]:
        """Newest first, as plain dictionaries (for the console and the admin API)."""
        query = select(JournalEntry).order_by(JournalEntry.id.desc()).limit(min(max(limit, 1), 1000))
        if client_id:
            query = query.where(JournalEntry.client_id == client_id)
        if endpoint:
            query = query.where(JournalEntry.endpoint == endpoint)
        with self._db.session() as s:
            return [as_dict(e) for e in s.scalars(query)]

    def entry(self, entry_id: int) -> dict[str, Any] | None:
        with self._db.session() as s:
            found = s.get(JournalEntry, entry_id)
            return as_dict(found) if found else None

    def history(self, client_id: str) -> list[dict[str, Any]]:
        """Every entry of one client, oldest first (what the report reads)."""
        query = select(JournalEntry).where(JournalEntry.client_id == client_id).order_by(JournalEntry.id)
        with self._db.session() as s:
            return [as_dict(e) for e in s.scalars(query)]

    def clear(self, client_id: str | None = None) -> None:
        with self._db.session() as s:
            query = delete(JournalEntry)
            if client_id:
                query = query.where(JournalEntry.client_id == client_id)
            s.execute(query)


def as_dict(entry: JournalEntry) -> dict[str, Any]:
    return {"id": entry.id, "at": entry.at.isoformat() + "Z", "mock_time": entry.mock_time,
            "endpoint": entry.endpoint, "method": entry.method, "client_id": entry.client_id,
            "request": entry.request, "status": entry.status, "response": entry.response, "jwts": entry.jwts,
            "y_code": entry.y_code, "why": entry.why, "scenario": entry.scenario, "flow": entry.flow,
            "observations": entry.observations}
