"""Authorization requests waiting for an interaction, kept in the server-side session."""

from __future__ import annotations

import secrets
import time
from dataclasses import asdict, dataclass

from flask import session

from shared.pending import PendingRequests

RESUME = "oidc_resume"
LIFETIME = 15 * 60
MAX_PENDING = 5
REQUESTS = PendingRequests("oidc_pending", size=MAX_PENDING, lifetime=LIFETIME)


@dataclass
class Pending:
    uid: str
    params: dict[str, str]
    acr: str
    prompts: list[str]
    max_age: int | None
    created: float
    login_done: bool = False
    stepup_done: bool = False
    channel: str | None = None  # the réassort channel, already encrypted to the client (channel_claim)


def new(params: dict[str, str], acr: str, prompts: set[str], max_age: int | None) -> Pending:
    """A request not yet kept: one that gets its code at once never touches the session."""
    return Pending(secrets.token_urlsafe(16), params, acr, sorted(prompts), max_age, time.time())


def keep(pending: Pending) -> None:
    """Keep ``pending`` in the session while the voter goes through an interaction."""
    REQUESTS.put(pending.uid, asdict(pending))


def load(uid: str) -> Pending | None:
    data = REQUESTS.get(uid)
    return Pending(**data) if data else None


def update(pending: Pending) -> None:
    REQUESTS.update(pending.uid, asdict(pending))


def forget(uid: str) -> None:
    REQUESTS.forget(uid)  # a request never kept leaves the session unwritten
    if session.get(RESUME) == uid:
        session.pop(RESUME)


def wait_for_sign_in(uid: str) -> None:
    session[RESUME] = uid


def resume_after_sign_in() -> str | None:
    """The pending request a fresh sign-in completes, marked as freshly authenticated."""
    uid = session.pop(RESUME, None)
    pending = load(uid) if isinstance(uid, str) else None
    if pending is None:
        return None
    pending.login_done = True
    update(pending)
    return pending.uid
