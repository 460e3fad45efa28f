"""Reviewer accounts and what the inspector shows, as plain functions (no Flask request here)."""

from __future__ import annotations

import json
import logging
import re
from datetime import datetime
from typing import Any

from sqlalchemy import select

from idp.accounts.policy import unmet_rules
from idp.context import Idp
from idp.inspector.models import Reviewer
from shared.timeutil import to_paris, utcnow
from shared.trace.events import TraceStore

log = logging.getLogger(__name__)
LOGIN = re.compile(r"[a-z0-9][a-z0-9._-]{2,99}")
COLUMNS = {"idp": ("portail", "Portail Élections"), "voting_rp": ("vote", "Espace de vote"),
           "franceconnect_mock": ("fc", "FranceConnect")}
DIRECTIONS = {"in": "reçu", "out": "émis", "local": "vérifié sur place"}


class ReviewerRefused(Exception):
    """A reviewer account that cannot be created, or a sign-in that is refused (French message)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message, self.status = message, status


WRONG = "Identifiant ou mot de passe incorrect."


def save_reviewer(ctx: Idp, login: str, password: str) -> bool:
    """Create the reviewer, or give an existing one a new password; True when created."""
    if not LOGIN.fullmatch(login):
        raise ReviewerRefused("L'identifiant : 3 à 100 caractères parmi a-z, 0-9, « . », « _ », « - ».")
    unmet = unmet_rules(password)
    if unmet:
        raise ReviewerRefused("REVIEWER_PASSWORD doit contenir " + ", ".join(unmet) + ".")
    digest = ctx.hasher.hash(password)
    with ctx.db.session() as s:
        reviewer = s.scalar(select(Reviewer).where(Reviewer.login == login))
        if reviewer is None:
            s.add(Reviewer(login=login, password_hash=digest, created_at=utcnow(), last_login_at=None))
            return True
        reviewer.password_hash = digest
        return False


def authenticate(ctx: Idp, login: str, password: str, address: str) -> int:
    """The reviewer's id; every attempt counts, per login and per address (no enumeration)."""
    key = login.strip().lower()
    by_login = ctx.limiter.hit("reviewer", f"reviewer:{key}")
    by_address = ctx.limiter.hit("reviewer_address", f"addr:{address}")
    refusal = by_login or by_address
    if refusal:
        raise ReviewerRefused(refusal.message, 429)
    with ctx.db.session() as s:
        reviewer = s.scalar(select(Reviewer).where(Reviewer.login == key))
        # An unknown login costs one Argon2 verification too (the hasher's decoy): no enumeration.
        if not ctx.hasher.verify(reviewer.password_hash if reviewer else None, password) or reviewer is None:
            log.warning("Connexion refusée à l'inspecteur")
            raise ReviewerRefused(WRONG, 401)
        reviewer.last_login_at = utcnow()
        log.info("Connexion du relecteur %s à l'inspecteur", reviewer.login)
        return reviewer.id


def reviewer_login(ctx: Idp, reviewer_id: int) -> str | None:
    with ctx.db.session() as s:
        reviewer = s.get(Reviewer, reviewer_id)
        return reviewer.login if reviewer else None


# -- what the pages show ---------------------------------------------------------------------------
def _when(iso: str) -> str:
    moment = datetime.fromisoformat(iso.removesuffix("Z"))
    return f"{to_paris(moment):%d/%m/%Y %H:%M:%S}.{moment.microsecond // 1000:03d}"


def _electors(store: TraceStore, events: list[dict[str, Any]]) -> list[str]:
    """Who the journey is about: the ``electeurId`` of the portal's ID tokens in it."""
    claims = store.claims(e["id"] for e in events)
    return sorted({str(c["electeurId"]) for c in claims if c.get("electeurId")})


def summaries(store: TraceStore, limit: int = 100) -> list[dict[str, Any]]:
    """The newest journeys, newest first: what the list page shows of each."""
    shown = []
    for events in store.journeys(limit=limit):
        services = [COLUMNS.get(s, (s, s)) for s in dict.fromkeys(e["service"] for e in events)]
        shown.append({"id": events[0]["id"], "first": _when(events[0]["at"]), "last": _when(events[-1]["at"]),
                      "count": len(events), "services": services, "electors": _electors(store, events),
                      "failed": sum(1 for e in events for c in e["checks"] if c.get("ok") is False)})
    return shown


def pretty(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)


def timeline(store: TraceStore, journey: int) -> list[dict[str, Any]]:
    """The events of one journey in order, each placed in its service's column."""
    rows = []
    for number, event in enumerate(store.journey(journey), start=1):
        column, service_name = COLUMNS.get(event["service"], ("autre", event["service"]))
        rows.append({**event, "number": number, "column": column, "service_name": service_name,
                     "when": _when(event["at"]), "direction_text": DIRECTIONS.get(event["direction"], ""),
                     "request_json": pretty(event["request"]) if event["request"] else "",
                     "response_json": pretty(event["response"]) if event["response"] else "",
                     "jwts_shown": [{**t, "header_json": pretty(t.get("header")),
                                     "claims_json": pretty(t.get("claims"))} for t in event["jwts"]]})
    return rows
