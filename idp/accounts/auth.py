"""Who is signed in to the portal, kept in the server-side session."""

from __future__ import annotations

import functools
import secrets
import time
from collections.abc import Callable
from typing import Any

from flask import redirect, session, url_for

from shared.sessions import regenerate_session, reset_session
from shared.trace import end_journey

FLOW = "flow"  # the step a journey expects next, and its data


def sign_in(voter_id: int, *, activated: bool, previous_login: str | None) -> None:
    """Open the portal session with a new id (against session fixation)."""
    session.pop(FLOW, None)
    regenerate_session()
    session["voter_id"] = voter_id
    session["activated"] = activated
    session["auth_time"] = int(time.time())
    session["amr"] = ["pwd"]
    session["sid"] = secrets.token_urlsafe(16)  # OIDC session id, for back-channel logout
    session["previous_login"] = previous_login


def sign_out() -> None:
    reset_session()
    end_journey()  # the next sign-in in this browser is another journey in the trace


def current_voter_id() -> int | None:
    value = session.get("voter_id")
    return value if isinstance(value, int) else None


def start_flow(step: str, **data: Any) -> None:
    """Remember which step comes next; each step refuses to run out of order."""
    regenerate_session()
    session[FLOW] = {"step": step, **data}


def flow(step: str) -> dict[str, Any] | None:
    current = session.get(FLOW)
    return current if isinstance(current, dict) and current.get("step") == step else None


def login_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if current_voter_id() is None:
            return redirect(url_for("accounts.identifier"), code=303)
        return view(*args, **kwargs)

    return wrapped
