"""What every service's Flask app shares: layout, French error pages, security headers, CSRF."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Flask, Response, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter, Map

from shared.election.documents import size_label
from shared.kv import STORE_UNAVAILABLE

log = logging.getLogger(__name__)

ui = Blueprint("ui", __name__, template_folder="templates", static_folder="static",
               static_url_path="/static/ui")
csrf = CSRFProtect()

ERROR_TEXTS = {
    400: ("Requête invalide",
          "La requête reçue est incomplète ou mal formée. Merci de recommencer depuis le début."),
    403: ("Accès refusé", "Vous n'avez pas accès à cette page."),
    404: ("Page introuvable", "La page demandée n'existe pas ou n'est plus disponible."),
    405: ("Méthode non autorisée", "Cette action n'est pas permise sur cette page."),
    413: ("Envoi trop volumineux", "Les données envoyées dépassent la taille autorisée."),
    429: ("Trop de tentatives", "Trop de tentatives ont été faites. Merci de patienter avant de réessayer."),
    500: ("Erreur technique",
          "Une erreur technique est survenue. Merci de réessayer dans quelques instants."),
    503: ("Service momentanément indisponible",
          "Le service est momentanément indisponible. Merci de réessayer dans quelques instants."),
}

# CSP: no inline script or style; frame-ancestors 'none' against click-jacking (OWASP ASVS 3.4.6).
CSP = ("default-src 'self'; img-src 'self' data:; media-src 'self'; style-src 'self'; "
       "script-src 'self'; form-action 'self' {form_targets}; frame-ancestors 'none'; "
       "base-uri 'none'; object-src 'none'")

# A document (a list's profession de foi) is not a page: the browser shows it in its own PDF viewer
# and it loads nothing of ours, so it has a policy of its own. default-src 'none': nothing to load or
# run should its bytes ever be taken for something else (nosniff and the "%PDF-" check at import
# already forbid it); frame-ancestors 'none' as for every page. No ``sandbox``, the usual advice for
# served files: it confines hostile content served from our origin, and these files come from the
# election's operators, never from voters; and PDF viewers fail under it (Chromium will not run its
# viewer in a sandboxed frame, crbug.com/413851). tests/browser/test_voting_journey.py checks that
# Debian's Chromium opens a document in its viewer, in a new tab, with this policy.
DOCUMENT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"


# The largest integer a URL may carry: the SQL BIGINT bound (SQLite's INTEGER, PostgreSQL's
# BIGINT). A larger one would raise OverflowError in the database driver, a 500: above it the
# path simply does not match, a French 404.
MAX_URL_INTEGER = 2**63 - 1


class BoundedIntegerConverter(IntegerConverter):
    """``<int:…>`` with an upper bound by default, for every route of the app."""

    def __init__(self, url_map: Map, fixed_digits: int = 0, min: int | None = None,  # noqa: A002
                 max: int | None = MAX_URL_INTEGER, signed: bool = False) -> None:  # noqa: A002
        super().__init__(url_map, fixed_digits, min, max, signed)


def bound_url_integers(app: Flask) -> None:
    """Every ``<int:…>`` of ``app`` bounded (call before any route is added)."""
    app.url_map.converters["int"] = BoundedIntegerConverter


def init_web(app: Flask, *, service_title: str, election_title: str = "Elections Professionnelles 2022",
             help_url: str = "/aide",
             form_targets: tuple[str, ...] | Callable[[], tuple[str, ...]] = (),
             proxy_hops: int = 0) -> None:
    """Register the layout, CSRF, error pages and security headers on ``app``.

    ``proxy_hops`` (``TRUSTED_PROXY_HOPS``): how many reverse proxies (the TLS front) stand before
    the service; their X-Forwarded-For gives the voter's address to the per-address rate limits.
    Zero trusts no such header (a client could forge it).
    """
    bound_url_integers(app)
    if proxy_hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxy_hops)  # type: ignore[method-assign]
    app.register_blueprint(ui)
    app.add_template_filter(size_label, "taille_fichier")  # "3 ko", for the documents' links
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)  # bound to the server-side session instead
    # Flask's defaults already hold MAX_CONTENT_LENGTH = None, so setdefault would never apply.
    if app.config.get("MAX_CONTENT_LENGTH") is None:
        app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    csrf.init_app(app)
    # form-action also governs the redirects that follow a form POST (a sign-in that ends at a
    # client's redirect URI), so the origins a form may lead to are listed.
    targets = form_targets if callable(form_targets) else (lambda: form_targets)

    @app.context_processor
    def _layout_context() -> dict[str, Any]:
        return {"service_title": service_title, "election_title": election_title, "help_url": help_url}

    @app.after_request
    def _security_headers(response: Response) -> Response:
        csp = CSP.format(form_targets=" ".join(targets())).replace("  ", " ")
        response.headers.setdefault("Content-Security-Policy", csp)
        response.headers["X-Content-Type-Options"] = "nosniff"
        # same-origin, not no-referrer: Flask-WTF checks a same-site Referer on HTTPS POSTs.
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Strict-Transport-Security"] = "max-age=31536000"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if response.mimetype == "text/html":
            response.headers["Cache-Control"] = "no-store"
        return response

    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(UnicodeDecodeError, _bad_encoding)
    for unavailable in STORE_UNAVAILABLE:
        app.register_error_handler(unavailable, _store_unavailable)
    app.register_error_handler(Exception, _unexpected_error)


def error_page(status: int, message: str | None = None, *, heading: str | None = None,
               back_url: str | None = None, reference: str | None = None) -> tuple[str, int]:
    """A French error page with ``status``; used by every handler and by views."""
    default_heading, default_message = ERROR_TEXTS.get(status, ERROR_TEXTS[400])
    body = render_template("error.html", status=status, heading=heading or default_heading,
                           message=message or default_message, back_url=back_url, reference=reference)
    return body, status


def pdf_document(content: bytes, sha256: str, filename: str) -> Response:
    """A stored PDF shown inline, cached by the voter's browser for an hour and revalidated by its
    SHA-256 as ETag (304 when unchanged); ``filename`` must be a plain ASCII name."""
    response = Response(content, mimetype="application/pdf")
    response.set_etag(sha256)
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    # private: only behind a sign-in, so no shared cache keeps it; an hour: a re-import shows soon.
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.headers["Content-Security-Policy"] = DOCUMENT_CSP
    response.make_conditional(request)  # 304 without body when If-None-Match holds this digest
    return response


def _csrf_error(_error: CSRFError) -> ResponseReturnValue:
    return error_page(400, "Le formulaire a expiré ou a déjà été envoyé. Merci de recharger la page "
                      "et de recommencer.", heading="Formulaire expiré")


def _http_error(error: HTTPException) -> ResponseReturnValue:
    original = getattr(error, "original_exception", None)
    if isinstance(original, STORE_UNAVAILABLE):  # raised where Flask reports it as a 500 (saving the session)
        return _store_unavailable(original)
    status = error.code or 500
    if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
        heading, message = ERROR_TEXTS.get(status, ERROR_TEXTS[400])
        return {"error": heading, "message": message}, status
    return error_page(status)


def _bad_encoding(_error: UnicodeDecodeError) -> ResponseReturnValue:
    return error_page(400, "Les données envoyées ne sont pas en UTF-8 valide.")


def _store_unavailable(error: Exception) -> ResponseReturnValue:
    """A database or Redis out of reach (restart, failover): a French 503, the request changed nothing
    that was not committed, and the next request uses a fresh connection (pre-ping, retries)."""
    cause = getattr(error, "orig", None) or error
    first_line = (str(cause).splitlines() or [""])[0][:160]  # the driver's message, never SQL parameters
    log.warning("Stockage indisponible (%s : %s), %s %s", type(cause).__name__, first_line,
                request.method, request.path)
    if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
        heading, message = ERROR_TEXTS[503]
        return {"error": heading, "message": message}, 503, {"Retry-After": "5"}
    body, status = error_page(503)
    return body, status, {"Retry-After": "5"}


def _unexpected_error(error: Exception) -> ResponseReturnValue:
    """Log with a reference the user can quote; never show the trace (OWASP ASVS 16.5)."""
    if isinstance(error, HTTPException):
        return _http_error(error)
    reference = secrets.token_hex(6)
    log.exception("Erreur inattendue, référence %s, %s %s", reference, request.method, request.path)
    return error_page(500, reference=reference)
