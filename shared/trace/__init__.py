"""Protocol trace: every service records its protocol exchanges, redacted, for the inspector.

- :mod:`shared.trace.redact` — what is secret, and how much of it may be shown;
- :mod:`shared.trace.jwt_view` — JWTs decoded without trust, and the verification steps run;
- :mod:`shared.trace.correlation` — how one voter's journey is followed across the services;
- :mod:`shared.trace.events` — the store (its own database, its own migrations);
- :mod:`shared.trace.recorder` — best-effort, bounded recording;
- :mod:`shared.trace.inbound` / :mod:`shared.trace.outbound` — the Flask and ``requests`` hooks;
- :mod:`shared.trace.instrument` — the few explicit calls protocol code makes;
- :mod:`shared.trace.journeys` — export of a journey and offline verification of its JWTs
  (``python -m shared.trace export|verify``).
"""

from shared.trace.inbound import init_trace
from shared.trace.jwt_view import CheckLog
from shared.trace.outbound import TRACE_HOOKS, trace_response
from shared.trace.recorder import end_journey

__all__ = ["TRACE_HOOKS", "CheckLog", "end_journey", "init_trace", "trace_response"]
