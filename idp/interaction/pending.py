"""Authorization requests waiting for an interaction, kept in the server-side session."""

from __future__ import annotations

import secrets
import time
from dataclasses import asdict, dataclass

from flask import session

KEY = "oidc_pending"
RESUME = "oidc_resume"
LIFETIME = 15 * 60
MAX_PENDING = 5


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
    store = {k: v for k, v in session.get(KEY, {}).items() if time.time() - v["created"] < LIFETIME}
    while len(store) >= MAX_PENDING:
        store.pop(min(store, key=lambda k: store[k]["created"]))
    store[pending.uid] = asdict(pending)
    session[KEY] = store


def load(uid: str) -> Pending | None:
    data = session.get(KEY, {}).get(uid)
    if not data or time.time() - data["created"] > LIFETIME:
        return None
    return Pending(**data)


def update(pending: Pending) -> None:
    store = dict(session.get(KEY, {}))
    store[pending.uid] = asdict(pending)
    session[KEY] = store


def forget(uid: str) -> None:
    if uid in session.get(KEY, {}):  # a request never kept leaves the session unwritten
        store = dict(session[KEY])
        store.pop(uid)
        session[KEY] = store
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
