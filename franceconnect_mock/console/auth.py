"""Who may use the console and the admin API.

In development and test the console is open (every page says so). With FC_CONSOLE_PASSWORD set
(mandatory in production), pages need a signed-in console session and the API a
``Authorization: Bearer <password>`` header; attempts are rate limited per address.
"""

from __future__ import annotations

import hmac

from flask import request, session

from franceconnect_mock.context import fc
from shared.ratelimit import RateLimiter

SESSION_KEY = "fc_console"
LIMITS = {"console": "10/minute"}


def password_matches(candidate: str) -> bool:
    expected = fc().config.console_password or ""
    return bool(expected) and hmac.compare_digest(candidate.encode(), expected.encode())


def limiter() -> RateLimiter:
    return fc().console_limiter


def page_allowed() -> bool:
    return fc().config.console_open or session.get(SESSION_KEY) is True


def api_allowed() -> bool:
    if fc().config.console_open:
        return True
    header = request.headers.get("Authorization", "")
    if not header.lower().startswith("bearer "):
        return False
    if limiter().hit("console", request.remote_addr or "?") is not None:
        return False
    return password_matches(header[7:].strip())
