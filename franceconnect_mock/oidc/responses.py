"""How the mock answers: redirects to a client, JSON errors with ``error_uri``, and the Y-code page.

Every :class:`FcError` goes through :func:`error_response`, the one place that turns a refusal
into what the real service sends, and notes the Y-code and the reason in the request log.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import jsonify, redirect, render_template
from werkzeug.wrappers import Response

from franceconnect_mock.journal.trace import trace
from franceconnect_mock.protocol.errors import FcError
from shared.web import CSP

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def client_url(base: str, params: Mapping[str, str]) -> str:
    """``base`` with ``params`` added to the query it already has (RFC 6749 §3.1.2)."""
    parts = urlsplit(base)
    query = parse_qsl(parts.query, keep_blank_values=True) + list(params.items())
    return urlunsplit(parts._replace(query=urlencode(query)))


def redirect_to_client(base: str, params: Mapping[str, str]) -> Response:
    return redirect(client_url(base, params), 303)


def allow_form_redirect(response: Response, target: str) -> Response:
    """A page whose form ends in a redirect to ``target``'s origin (CSP form-action covers redirects)."""
    parts = urlsplit(target)
    response.headers["Content-Security-Policy"] = CSP.format(
        form_targets=f"{parts.scheme}://{parts.netloc}")
    return response


def error_response(error: FcError, error_doc_url: str) -> Response:
    noted = trace()
    noted.y_code, noted.why = error.code, error.detail
    if error.redirects and error.redirect_uri:
        params = {"error": error.error, "error_description": error.detail}
        if error.state is not None:
            params["state"] = error.state
        return redirect_to_client(error.redirect_uri, params)
    if error.form == "json":
        body = {"error": error.error, "error_description": error.detail,
                "error_uri": f"{error_doc_url}?code={error.code}"}
        response = jsonify(body)
        response.status_code = error.status
        response.headers.update(NO_STORE)
        if error.error == "invalid_token":
            response.headers["WWW-Authenticate"] = (
                f'Bearer error="invalid_token", error_description="{error.detail}"')
        return response
    page = render_template("fc_error.html", code=error.code, error_id=str(uuid.uuid4()),
                           message=error.message, detail=error.detail)
    return Response(page, status=error.status, mimetype="text/html")
