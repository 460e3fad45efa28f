"""gunicorn's access log at the cost of what it prints.

gunicorn's own logger builds, for every request, a dictionary of every atom its format language
knows: each request header, each response header and the whole WSGI environ, copied under new
names, and the date formatted, whatever the format uses. On an SSO flow that was about 3 % of the
provider's CPU for a line of six fields. :class:`AccessLog` builds only the atoms listed in
:data:`ATOMS`; any other atom in ``access_log_format`` prints ``-`` (the format is ours, in
``shared/gunicorn_conf.py``, and never shows headers, query strings or the environ: one-time
links carry their token in the query).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any

from gunicorn.glogging import Logger


def _status(resp: Any, environ: Mapping[str, Any], elapsed: timedelta) -> str:
    status = resp.status
    return status.split(None, 1)[0] if isinstance(status, str) else str(status)


def _sent(resp: Any, environ: Mapping[str, Any], elapsed: timedelta) -> str:
    sent = getattr(resp, "sent", None)
    return str(sent) if sent is not None else "-"


# Atom → how it is computed (gunicorn's names and meanings).
ATOMS: dict[str, Callable[[Any, Mapping[str, Any], timedelta], object]] = {
    "h": lambda resp, environ, elapsed: environ.get("REMOTE_ADDR", "-"),
    "m": lambda resp, environ, elapsed: environ.get("REQUEST_METHOD"),
    "U": lambda resp, environ, elapsed: environ.get("PATH_INFO"),
    "H": lambda resp, environ, elapsed: environ.get("SERVER_PROTOCOL"),
    "s": _status,
    "b": _sent,
    "L": lambda resp, environ, elapsed: f"{elapsed.seconds}.{elapsed.microseconds:06d}",
    "M": lambda resp, environ, elapsed: elapsed.seconds * 1000 + elapsed.microseconds // 1000,
    "D": lambda resp, environ, elapsed: elapsed.seconds * 1_000_000 + elapsed.microseconds,
    "p": lambda resp, environ, elapsed: f"<{os.getpid()}>",
}


class AccessLog(Logger):
    """gunicorn's logger, with the access line's atoms limited to :data:`ATOMS`."""

    def atoms(self, resp: Any, req: Any, environ: Mapping[str, Any],
              request_time: timedelta) -> dict[str, object]:
        return {name: atom(resp, environ, request_time) for name, atom in ATOMS.items()}
