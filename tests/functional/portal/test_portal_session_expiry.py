"""The session's time limit, controllable (WCAG 2.2.1): the pages say it, the voter extends it.

The browser side (the warning two minutes before, the extension, the expiry) is in
tests/browser/test_session_expiry.py; here, what the server promises it.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from typing import Any

from idp.context import Idp
from shared.sessions import SEEN
from tests.support.client import PageClient

IDLE = 15 * 60  # the default SESSION_IDLE_SECONDS


def stored(ctx: Idp, portal: PageClient) -> dict[str, Any]:
    raw = ctx.kv.get("session:" + hashlib.sha256(str(portal.session_cookie()).encode()).hexdigest())
    assert raw is not None, "session absente du stockage"
    return json.loads(raw)


def idle_for(ctx: Idp, portal: PageClient, seconds: int) -> None:
    """As if the voter had done nothing for ``seconds``."""
    data = stored(ctx, portal)
    data[SEEN] = time.time() - seconds
    ctx.kv.put("session:" + hashlib.sha256(str(portal.session_cookie()).encode()).hexdigest(),
               json.dumps(data).encode(), IDLE)


def limits(page: str) -> tuple[int, int] | None:
    match = re.search(r'id="expiration-session".*?data-inactivite="(\d+)" data-absolue="(\d+)"', page, re.S)
    return (int(match.group(1)), int(match.group(2))) if match else None


def test_a_signed_in_page_carries_its_time_limits(lucie: PageClient) -> None:
    idle, absolute = limits(lucie.get("/portail/accueil").get_data(as_text=True)) or (0, 0)
    assert IDLE - 5 <= idle <= IDLE and 8 * 3600 - 60 <= absolute <= 8 * 3600
    assert "session-expiry.js" in lucie.text() and 'role="alertdialog"' in lucie.text()


def test_an_anonymous_page_has_no_time_limit_to_show(portal: PageClient) -> None:
    assert limits(portal.get("/portail/connexion").get_data(as_text=True)) is None


def test_asking_what_is_left_does_not_extend_the_session(lucie: PageClient, idp_ctx: Idp) -> None:
    idle_for(idp_ctx, lucie, 600)
    seen = stored(idp_ctx, lucie)[SEEN]
    state = lucie.client.get("/session/etat", base_url="https://localhost").get_json()
    assert state["active"] is True and IDLE - 605 <= state["idle"] <= IDLE - 600
    assert stored(idp_ctx, lucie)[SEEN] == seen  # a status request is not activity


def test_one_click_gives_the_full_idle_time_again(lucie: PageClient, idp_ctx: Idp) -> None:
    lucie.get("/portail/accueil")
    idle_for(idp_ctx, lucie, 800)
    refused = lucie.client.post("/session/prolonger", base_url="https://localhost",
                                headers={"Referer": "https://localhost/portail/accueil"})
    assert refused.status_code == 400  # the extension is a state change: CSRF-checked like a form
    idle_for(idp_ctx, lucie, 800)
    response = lucie.client.post("/session/prolonger", base_url="https://localhost",
                                 headers={"X-CSRFToken": lucie.csrf,
                                          "Referer": "https://localhost/portail/accueil"})
    assert response.status_code == 200 and response.get_json()["idle"] >= IDLE - 1
    assert time.time() - stored(idp_ctx, lucie)[SEEN] < 5
    assert lucie.get("/portail/accueil").status_code == 200  # still signed in


def test_an_expired_session_is_said_expired_and_cannot_be_extended(lucie: PageClient, idp_ctx: Idp) -> None:
    lucie.get("/portail/accueil")
    token = lucie.csrf
    idle_for(idp_ctx, lucie, IDLE + 1)
    assert lucie.client.get("/session/etat", base_url="https://localhost").get_json() == {"active": False}
    response = lucie.client.post("/session/prolonger", base_url="https://localhost",
                                 headers={"X-CSRFToken": token, "Referer": "https://localhost/portail/accueil"})
    assert response.status_code in (400, 401)  # the CSRF secret went with the session
    assert lucie.get("/portail/accueil").status_code == 303  # back to the sign-in
