"""The Flask side: :func:`init_trace` gives an app its recorder and records, after each request,
the protocol exchanges the service received (request and response), and the authorization
responses it sends back through the browser (a redirect carrying ``code`` or ``error`` and
``state`` to another origin, wherever in the interaction it happens).

Views do nothing for this: the endpoints are recognised by their path.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from urllib.parse import unquote

from flask import Flask, Request, Response, g, request, session
from werkzeug.exceptions import HTTPException

from shared.settings import Settings
from shared.timeutil import utcnow
from shared.trace import correlation
from shared.trace.exchange import (
    carries_claims,
    is_authorization_response,
    label_for,
    request_part,
    response_part,
    without_query,
)
from shared.trace.recorder import EXTENSION, Recorder, current, never_raising, shared_store

# The protocol endpoints of an OpenID provider, whatever its prefix (/oidc/…, /api/v2/…).
PROVIDER_ENDPOINTS = (r"/authorize$", r"/authorize/reprise/[^/]+$", r"/token$", r"/token/revocation$",
                      r"/userinfo$", r"/jwks$", r"/logout$", r"/session/end$")


def init_trace(app: Flask, service: str, settings: Settings,
               endpoints: Iterable[str] = PROVIDER_ENDPOINTS) -> Recorder:
    """Give ``app`` its recorder; record what arrives at ``endpoints`` (regular expressions on
    the path) and every authorization response it redirects."""
    recorder = Recorder(shared_store(settings.trace_database_url), service,
                        settings.trace_retention_hours, settings.trace_max_events)
    app.extensions[EXTENSION] = recorder
    patterns = [re.compile(p) for p in endpoints]

    @app.before_request
    def _trace_start() -> None:
        g.trace_started = utcnow()
        g.trace_journey = session.get(correlation.JOURNEY_SESSION_KEY)

    @app.after_request
    def _trace_exchange(response: Response) -> Response:
        with never_raising("échange"):  # the trace never turns an answer into a 500
            if any(p.search(request.path) for p in patterns):
                _record_received(response)
            elif is_authorization_response(response.headers.get("Location"), request.host):
                _record_authorization_response(response)
        journey = g.get("trace_journey")
        if journey and session and correlation.JOURNEY_SESSION_KEY not in session \
                and not g.get("trace_journey_ended"):
            session[correlation.JOURNEY_SESSION_KEY] = journey  # the journey survives a new session id
        return response

    return recorder


def _record_received(response: Response) -> None:
    recorder = current()
    if recorder is None:
        return
    params = received_params(request)
    params.pop("csrf_token", None)
    body = None if response.direct_passthrough else response.get_data()
    recorder.record(
        "in", request.base_url, label=label_for(request.path), method=request.method,
        status=response.status_code, peer=_peer(params, request.headers.get("Authorization")),
        request=request_part(request.method, request.base_url, params,
                             request.headers.get("Authorization")),
        response=response_part(response.status_code, response.content_type,
                               response.headers.get("Location"), body, claims=carries_claims(request.path)),
        checks=g.get("trace_checks"), at=g.get("trace_started"))


def received_params(req: Request) -> dict[str, list[str]]:
    """Query and form parameters of ``req``; the body only when its announced size is within the
    service's limit: a body the service refused (413) is never parsed again here, where reading it
    would raise that refusal a second time, after the answer was made."""
    params = {name: req.args.getlist(name) for name in req.args}
    limit = req.max_content_length
    if limit is not None and (req.content_length is None or req.content_length > limit):
        return params
    try:
        form = req.form
    except HTTPException:  # a body cut short, a client gone: what was refused stays refused
        return params
    for name in form:
        params.setdefault(name, []).extend(form.getlist(name))
    return params


def _record_authorization_response(response: Response) -> None:
    recorder = current()
    if recorder is None:
        return
    location = response.headers["Location"]
    recorder.record(
        "out", without_query(location), label="Réponse d'autorisation (redirection vers le client)",
        method="GET", status=response.status_code,
        response=response_part(response.status_code, None, location, None))


def _peer(params: dict[str, list[str]], authorization: str | None) -> str | None:
    """The client, by its ``client_id`` parameter or the user part of HTTP Basic (never the secret)."""
    client = params.get("client_id") or []
    if client:
        return client[0][:200]
    scheme, _, credentials = (authorization or "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        user = base64.b64decode(credentials.strip(), validate=True).decode().partition(":")[0]
    except (ValueError, UnicodeDecodeError):
        return None
    return unquote(user)[:200] or None

