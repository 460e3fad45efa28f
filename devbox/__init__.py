"""devbox: catches the mail and SMS of the services in development and tests (never production).

``load_settings("devbox")`` refuses ``ELECTIONS_ENV=production``, so this app cannot start there.
"""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from devbox import api, views
from devbox.filters import register_filters
from devbox.store import STORE_KEY, MessageStore
from shared.db import Database
from shared.settings import Settings, load_settings
from shared.web import bound_url_integers

# Even a dev tool renders mail content from elsewhere: no foreign script, no framing
# (clickjacking), no MIME sniffing; no Referer, as inbox URLs hold addresses.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

ERROR_TITLES = {
    400: "Requête invalide",
    404: "Page introuvable",
    405: "Méthode non autorisée",
    413: "Requête trop volumineuse",
}


def create_app(settings: Settings | None = None) -> Flask:
    """Build the devbox web app: SMS gateway, JSON listing for tests, and the French inbox."""
    settings = settings or load_settings("devbox")
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        SMS_API_TOKEN=settings.sms_api_token,
        MAX_CONTENT_LENGTH=64 * 1024,  # an SMS is at most 1,600 characters
    )
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    bound_url_integers(app)
    store = MessageStore(Database(settings.database_url))
    store.create_tables()
    app.extensions[STORE_KEY] = store
    app.register_blueprint(api.bp)
    app.register_blueprint(views.bp)
    register_filters(app)
    app.register_error_handler(HTTPException, _http_error)
    app.after_request(_security_headers)
    return app


def _security_headers(response: Response) -> Response:
    response.headers.update(SECURITY_HEADERS)
    return response


def _http_error(error: HTTPException) -> tuple[Response | str, int]:
    """Errors in French: JSON under /api/, an HTML page elsewhere."""
    status = error.code or 500
    title = ERROR_TITLES.get(status, "Erreur")
    if request.path.startswith("/api/"):
        return jsonify(error=f"{title}."), status
    return render_template("error.html", title=title, detail=None), status
