"""What the protocol endpoints and the person's pages share in the browser's session.

``/authorize`` keeps the checked request here and redirects to the pages (``interaction.entry``,
reached by its URL, not by an import); the pages take it back, sign the person in, and keep
FranceConnect's own session here, which ``/session/end`` reads and closes. Both live in the
server-side session (``__Host-fc-session``); every lifetime is read on the mock clock.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict
from typing import Any

from flask import session

from franceconnect_mock.context import fc
from franceconnect_mock.oidc.checks.authorize import AuthorizationRequest
from franceconnect_mock.protocol.platforms import PLATFORMS
from shared.pending import PendingRequests

FC_SESSION = "fc_auth"
KEEP_INTERACTIONS = 5
# At most a few per browser, none kept past the longest platform session (each client's own
# platform may end it sooner: ``interaction.service.load``); ages read on the mock clock.
INTERACTIONS = PendingRequests("fc_interactions", size=KEEP_INTERACTIONS, stamp="created_at",
                               lifetime=max(p.session_seconds for p in PLATFORMS.values()),
                               clock=lambda: fc().clock.now())


def hand_over(request: AuthorizationRequest) -> str:
    """Keep the checked request for the pages (at most a few pending per browser); its id."""
    uid = secrets.token_urlsafe(16)
    INTERACTIONS.put(uid, {"request": asdict(request), "created_at": fc().clock.now(),
                           "authenticated": False})
    return uid


def pending(uid: str) -> dict[str, Any] | None:
    """The interaction kept under ``uid``, as :func:`hand_over` or :func:`save_pending` left it."""
    found = INTERACTIONS.get(uid)
    return None if found is None else dict(found)


def pending_expired(uid: str) -> bool:
    """Whether ``uid`` was kept but has outlived the longest platform session."""
    return INTERACTIONS.expired(uid)


def save_pending(uid: str, interaction: dict[str, Any]) -> None:
    INTERACTIONS.update(uid, interaction)


def forget_pending(uid: str) -> None:
    INTERACTIONS.forget(uid)


def fc_session() -> dict[str, Any] | None:
    """FranceConnect's session in this browser, if still alive on the mock clock."""
    auth = session.get(FC_SESSION)
    if not auth or auth.get("expires_at", 0) < fc().clock.now():
        return None
    return dict(auth)


def open_fc_session(auth: dict[str, Any]) -> None:
    session[FC_SESSION] = auth


def end_fc_session() -> None:
    session.pop(FC_SESSION, None)
