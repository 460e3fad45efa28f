"""The ``requests`` side: the exchanges a service sends (token, UserInfo, JWKS, discovery,
back-channel logout) recorded as they really went on the wire.

``session.hooks["response"].append(trace_response)`` or ``requests.post(…, hooks=TRACE_HOOKS)``:
the hook sees the prepared request (method, URL, form body, Authorization header) and the
response, and hands them to the running app's recorder, which redacts before storing. The event
is dated when the request left (response time minus elapsed), so it sorts before the provider's.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import requests

from shared.timeutil import utcnow
from shared.trace.exchange import (
    carries_claims,
    form_params,
    label_for,
    query_params,
    request_part,
    response_part,
    without_query,
)
from shared.trace.recorder import Recorder, current, never_raising


def trace_response(response: requests.Response, *_args: Any, **_kwargs: Any) -> requests.Response:
    """A ``requests`` response hook; returns the response untouched, whatever happens here."""
    sent_at = utcnow() - response.elapsed  # first: building the parts below takes time under load
    recorder = current()
    if recorder is not None:
        with never_raising("appel sortant"):
            _record_sent(recorder, response, sent_at)
    return response


def _record_sent(recorder: Recorder, response: requests.Response, sent_at: datetime) -> None:
    sent = response.request
    url = str(sent.url or "")
    body = sent.body if isinstance(sent.body, bytes | str) else None  # never a stream here
    params = {**query_params(url), **form_params(_text(sent.headers.get("Content-Type")), body)}
    recorder.record(
        "out", without_query(url), label=label_for(without_query(url).rstrip("/")),
        method=sent.method, status=response.status_code, peer=urlsplit(url).netloc or None,
        request=request_part(str(sent.method), url, params, _text(sent.headers.get("Authorization"))),
        response=response_part(response.status_code, response.headers.get("Content-Type"),
                               response.headers.get("Location"), response.content,
                               claims=carries_claims(url)),
        at=sent_at)


def _text(value: str | bytes | None) -> str | None:
    return value.decode("latin-1") if isinstance(value, bytes) else value


TRACE_HOOKS = {"response": [trace_response]}
