"""Integrator console pages (French and English): clients, identities, log, report, keys, clock."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from werkzeug.wrappers import Response

from franceconnect_mock.clients.registration import RegistrationError
from franceconnect_mock.console import auth, service
from franceconnect_mock.console.forms import FormError, identity_from_form, registration_from_form
from franceconnect_mock.console.i18n import COOKIE, lang, t
from franceconnect_mock.context import fc
from franceconnect_mock.identities.records import IdentityError
from franceconnect_mock.protocol.platforms import ENCRYPTION_ALGS, PLATFORMS
from franceconnect_mock.protocol.scopes import KNOWN_SCOPES
from shared.sessions import regenerate_session

bp = Blueprint("console", __name__, url_prefix="/console")
PUBLIC = ("console.login",)


@bp.before_request
def _guard() -> Response | None:
    if request.endpoint not in PUBLIC and not auth.page_allowed():
        return redirect(url_for("console.login"), 303)
    return None


@bp.after_request
def _remember_language(response: Response) -> Response:
    if request.args.get("lang") in ("fr", "en"):
        response.set_cookie(COOKIE, request.args["lang"], max_age=365 * 24 * 3600, path="/", secure=True,
                            httponly=True, samesite="Lax")
    return response


@bp.context_processor
def _labels() -> dict[str, Any]:
    return {"t": t, "lang": lang(), "page_lang": lang(), "console_open": fc().config.console_open}


def _page(template: str, status: int = 200, **context: Any) -> Response:
    return make_response(render_template(f"console/{template}", **context), status)


def _client_form_context(**context: Any) -> dict[str, Any]:
    ctx = fc()
    return {"scopes": sorted(KNOWN_SCOPES), "platforms": PLATFORMS, "encryption_algs": ENCRYPTION_ALGS,
            "providers": ctx.identities.catalogue.providers, "adversarial": ctx.scenarios.adversarial,
            "instance_platform": ctx.config.platform, **context}


@bp.route("/connexion", methods=["GET", "POST"])
def login() -> Response:
    error = None
    if request.method == "POST":
        if auth.limiter().hit("console", request.remote_addr or "?") is not None:
            error = "Trop de tentatives : patientez une minute."
        elif auth.password_matches(request.form.get("password", "")):
            regenerate_session()
            session[auth.SESSION_KEY] = True
            return redirect(url_for("console.home"), 303)
        else:
            error = "Mot de passe incorrect."
    return _page("login.html", 400 if error else 200, error=error)


@bp.post("/deconnexion")
def logout() -> Response:
    session.pop(auth.SESSION_KEY, None)
    return redirect(url_for("console.login"), 303)


@bp.get("/")
def home() -> Response:
    ctx = fc()
    return _page("home.html", clients=ctx.clients.all(), config=ctx.config, clock=service.clock(ctx))


@bp.route("/clients/nouveau", methods=["GET", "POST"])
def new_client() -> Response:
    if request.method == "GET":
        return _page("client.html", **_client_form_context(client=None, values={}, errors={}))
    try:
        client, secret = fc().clients.register(registration_from_form(request.form, creating=True))
    except (RegistrationError, FormError) as exc:
        return _page("client.html", 400, **_client_form_context(client=None, values=request.form,
                                                                errors=exc.errors))
    return _page("secret.html", client=client, secret=secret)


@bp.route("/clients/<client_id>", methods=["GET", "POST"])
def client(client_id: str) -> Response:
    found = fc().clients.get(client_id) or abort(404)
    if request.method == "GET":
        return _page("client.html", **_client_form_context(client=found, values={}, errors={}))
    try:
        fc().clients.update(client_id, registration_from_form(request.form, creating=False))
    except (RegistrationError, FormError) as exc:
        return _page("client.html", 400, **_client_form_context(client=found, values=request.form,
                                                                errors=exc.errors))
    return redirect(url_for("console.client", client_id=client_id), 303)


@bp.post("/clients/<client_id>/secret")
def new_secret(client_id: str) -> Response:
    found = fc().clients.get(client_id) or abort(404)
    return _page("secret.html", client=found, secret=fc().clients.new_secret(client_id))


@bp.post("/clients/<client_id>/supprimer")
def remove_client(client_id: str) -> Response:
    fc().clients.remove(client_id) or abort(404)
    return redirect(url_for("console.home"), 303)


@bp.get("/clients/<client_id>/rapport")
def report(client_id: str) -> Response:
    found = fc().clients.get(client_id) or abort(404)
    return _page("report.html", client=found, report=service.report(fc(), client_id))


@bp.get("/journal")
def journal() -> Response:
    client_id = request.args.get("client_id") or None
    entries = fc().journal.entries(client_id=client_id, endpoint=request.args.get("endpoint") or None)
    return _page("journal.html", entries=entries, client_id=client_id, clients=fc().clients.all())


@bp.get("/journal/<int:entry_id>")
def entry(entry_id: int) -> Response:
    return _page("entry.html", entry=fc().journal.entry(entry_id) or abort(404))


@bp.post("/journal/vider")
def clear_journal() -> Response:
    fc().journal.clear(request.form.get("client_id") or None)
    return redirect(url_for("console.journal"), 303)


@bp.route("/identites", methods=["GET", "POST"])
def identities() -> Response:
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            fc().identities.add(identity_from_form(request.form))
            return redirect(url_for("console.identities"), 303)
        except IdentityError as exc:
            errors = exc.errors
    return _page("identities.html", 400 if errors else 200, identities=fc().identities.all(), errors=errors,
                 values=request.form, scenarios=fc().scenarios)


@bp.post("/identites/<login>/supprimer")
def remove_identity(login: str) -> Response:
    fc().identities.remove(login) or abort(404)
    return redirect(url_for("console.identities"), 303)


@bp.get("/cles")
def keys() -> Response:
    return _page("keys.html", keys=service.keys(fc()), promoted=None)


@bp.post("/cles/rotation")
def rotate() -> Response:
    promoted = service.rotate_keys(fc())
    return _page("keys.html", keys=service.keys(fc()), promoted=promoted)


@bp.route("/horloge", methods=["GET", "POST"])
def clock() -> Response:
    error = None
    if request.method == "POST":
        try:
            service.set_clock(fc(), int(request.form.get("offset", "0")))
        except ValueError as exc:
            error = str(exc)
        else:
            return redirect(url_for("console.clock"), 303)
    return _page("clock.html", 400 if error else 200, clock=service.clock(fc()), error=error)
