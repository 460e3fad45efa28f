"""How the provider answers: errors to a validated redirect URI (with ``iss``) or as a page."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import redirect, render_template
from werkzeug.wrappers import Response

from idp.context import idp
from shared.oidc.errors import OidcError, protocol_description


def to_client(redirect_uri: str, params: dict[str, str], *, with_iss: bool = True) -> Response:
    """A 303 back to the client; RFC 9207: ``iss`` in every authorization response."""
    query = {**params, "iss": idp().settings.public_url} if with_iss else dict(params)
    separator = "&" if "?" in redirect_uri else "?"
    return redirect(f"{redirect_uri}{separator}{urlencode(query)}", code=303)


def authorization_error(error: OidcError, redirect_uri: str | None, state: str | None) -> Response:
    """Redirect the error when the redirect URI was validated; otherwise show a page, never redirect."""
    if redirect_uri and error.may_redirect:
        params = {"error": error.error, "error_description": protocol_description(error.description)}
        if state:
            params["state"] = state
        return to_client(redirect_uri, params)
    page = render_template("oidc/error.html", error=error)
    return Response(page, status=error.status, mimetype="text/html")
