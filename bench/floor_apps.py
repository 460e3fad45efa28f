"""Two applications that do nothing, served by the bench's floor phase (:mod:`bench.floor`) with the
services' own gunicorn configuration: what a request costs before any application work."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask


def bare(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """A WSGI function: the server's own cost (TLS, HTTP parsing, threads) and nothing else."""
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
    return [b"ok"]


flask_app = Flask(__name__)


@flask_app.get("/")
def ok() -> dict[str, bool]:
    """Flask's request and response objects, routing and JSON, without the services' middleware."""
    return {"ok": True}
