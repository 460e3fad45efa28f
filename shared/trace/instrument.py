"""The small calls protocol code makes where the Flask and ``requests`` hooks cannot see: a
redirect sent through the browser, a callback with the checks run on it, a token verified.

Each is a no-op outside an app that has a recorder, and none ever raises because of the trace.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from flask import g, has_request_context, request

from shared.trace.exchange import query_params, request_part, without_query
from shared.trace.jwt_view import CheckLog
from shared.trace.recorder import current, never_raising


def redirect_sent(url: str, label: str, *, peer: str | None = None) -> None:
    """A request this service sends through the browser (authorization, logout)."""
    recorder = current()
    if recorder is not None:
        with never_raising("redirection"):
            recorder.record("out", without_query(url), label=label, method="GET", peer=peer,
                            request=request_part("GET", url, query_params(url)))


@contextmanager
def received(label: str, params: Mapping[str, str], *, peer: str | None = None) -> Iterator[CheckLog]:
    """A protocol message arriving in the current request, with the checks run on it (recorded
    when the block ends, passed or refused)."""
    checks = CheckLog()
    try:
        yield checks
    finally:
        recorder = current()
        if recorder is not None and has_request_context():
            with never_raising("message reçu"):
                recorder.record("in", request.base_url, label=label, method=request.method, peer=peer,
                                request=request_part(request.method, request.base_url,
                                                     {k: [v] for k, v in params.items()}),
                                checks=checks, at=g.get("trace_started"))


@contextmanager
def verified(role: str, compact: str, *, peer: str | None) -> Iterator[CheckLog]:
    """A token verified locally: ``with verified(...) as checks: verify(..., checks=checks)``."""
    checks = CheckLog()
    try:
        yield checks
    finally:
        recorder = current()
        if recorder is not None:
            endpoint = request.base_url if has_request_context() else "(hors requête)"
            with never_raising("vérification"):
                recorder.verification(role, compact, checks, peer=peer, endpoint=endpoint)


def endpoint_checks() -> CheckLog:
    """The checks a provider endpoint runs on the request it is answering: recorded with that
    request's event by the Flask hook (``with endpoint_checks().check("pkce"): ...``)."""
    if not has_request_context():
        return CheckLog()  # outside a request (a command, a unit test): noted nowhere
    if "trace_checks" not in g:
        g.trace_checks = CheckLog()
    return g.trace_checks
