"""What the protocol code notes about the current request, for the journal to write afterwards.

Checks and services call :func:`trace` to say which client it was, which Y-code the real
service would return and why, which scenario shaped the answer, and which JWTs went out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import g, has_request_context

from franceconnect_mock.protocol.jose import peek
from shared.trace.redact import token_fingerprint

MAX_CLIENT_ID = 128  # the journal's client_id column


@dataclass
class Trace:
    endpoint: str
    client_id: str | None = None
    y_code: str | None = None
    why: str | None = None
    scenario: str | None = None
    flow: str | None = None
    jwts: list[dict[str, Any]] = field(default_factory=list)
    observations: dict[str, Any] = field(default_factory=dict)

    def jwt(self, role: str, compact: str, note: str | None = None) -> None:
        """Keep the decoded header and claims of a JWT and its SHA-256 (never the compact token
        itself: the integrator matches the token its client received by the fingerprint)."""
        header, claims = peek(compact)
        self.jwts.append({"role": role, "header": header, "claims": claims, "note": note,
                          "sha256": token_fingerprint(compact.strip())})

    def file_under(self, client_id: object, registered: Callable[[str], object | None]) -> None:
        """A refused request is filed under the client it names, when that client is registered:
        its integrator's report must show the refusal. The refusal itself never depends on it."""
        if self.client_id is None and isinstance(client_id, str) and 0 < len(client_id) <= MAX_CLIENT_ID \
                and registered(client_id):
            self.client_id = client_id

    def observe(self, **facts: Any) -> None:
        """Facts the per-client report reads (nonce length, auth method used…)."""
        self.observations.update(facts)


def start_trace(endpoint: str) -> Trace:
    g.fc_trace = Trace(endpoint)
    return g.fc_trace


def trace() -> Trace:
    """The current request's trace (a throwaway one outside a traced request)."""
    if has_request_context() and isinstance(getattr(g, "fc_trace", None), Trace):
        return g.fc_trace
    return Trace("hors-requête")


def current_trace() -> Trace | None:
    return getattr(g, "fc_trace", None) if has_request_context() else None
