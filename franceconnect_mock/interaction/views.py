"""The person's pages: thin views over :mod:`franceconnect_mock.interaction.service`."""

from __future__ import annotations

from flask import Blueprint, make_response, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from franceconnect_mock.clients.store import Client
from franceconnect_mock.context import fc
from franceconnect_mock.interaction import service
from franceconnect_mock.interaction.forms import ChooserForm, ConsentForm, LoginForm
from franceconnect_mock.journal.trace import current_trace
from franceconnect_mock.oidc.checks.authorize import AuthorizationRequest
from franceconnect_mock.oidc.claims import consent_labels
from franceconnect_mock.oidc.responses import allow_form_redirect, error_response
from franceconnect_mock.protocol.errors import FcError, SessionNotFound

bp = Blueprint("interaction", __name__, url_prefix="/interaction")
REMEMBER_COOKIE = "__Host-fc-idp-choice"
REMEMBER_SECONDS = 180 * 24 * 3600


@bp.after_request
def _record(response: Response) -> Response:
    noted = current_trace()
    if noted is not None:
        fc().journal.record(noted, request, response)
    return response


@bp.errorhandler(FcError)
def _refusal(error: FcError) -> Response:
    return error_response(error, fc().config.error_doc_url)


def _next_step(uid: str, auth: AuthorizationRequest, client: Client) -> str:
    if service.needs_consent(auth, client):
        return url_for(".consent", uid=uid)
    return service.finish(uid)


def _chooser(uid: str, auth: AuthorizationRequest, client: Client, form: ChooserForm,
             status: int = 200) -> Response:
    page = render_template("interaction/chooser.html", uid=uid, client=client, form=form,
                           providers=service.providers(auth, client),
                           remembered=request.cookies.get(REMEMBER_COOKIE))
    return make_response(page, status)


@bp.get("/<uid>")
def entry(uid: str) -> Response:
    _, auth, client = service.load(uid)
    if service.can_reuse_session(auth, client):
        service.reuse_session(uid)
        return redirect(_next_step(uid, auth, client), 303)
    if auth.idp_hint:
        return redirect(url_for(".login", uid=uid, idp=auth.idp_hint), 303)
    return _chooser(uid, auth, client, ChooserForm())


@bp.post("/<uid>")
def choose(uid: str) -> Response:
    _, auth, client = service.load(uid)
    form = ChooserForm()
    if not form.validate_on_submit():
        return _chooser(uid, auth, client, form, 400)
    chosen = service.provider(auth, client, form.fournisseur.data)
    response = redirect(url_for(".login", uid=uid, idp=chosen.id), 303)
    if form.souvenir.data:
        response.set_cookie(REMEMBER_COOKIE, chosen.id, max_age=REMEMBER_SECONDS, path="/", secure=True,
                            httponly=True, samesite="Lax")
    else:
        response.delete_cookie(REMEMBER_COOKIE, path="/", secure=True, httponly=True, samesite="Lax")
    return response


@bp.route("/<uid>/fi/<idp>", methods=["GET", "POST"])
def login(uid: str, idp: str) -> Response:
    _, auth, client = service.load(uid)
    chosen = service.provider(auth, client, idp)
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        error = service.sign_in(uid, idp, form.identifiant.data, form.mot_de_passe.data)
        if error is None:
            return redirect(_next_step(uid, auth, client), 303)
    elif request.method == "POST":
        error = form.first_error
    page = render_template("interaction/login.html", uid=uid, client=client, provider=chosen, form=form,
                           error=error, identities=fc().identities.all(), scenarios=fc().scenarios)
    return allow_form_redirect(make_response(page, 400 if error else 200), auth.redirect_uri)


@bp.route("/<uid>/consentement", methods=["GET", "POST"])
def consent(uid: str) -> Response:
    interaction, auth, client = service.load(uid)
    if not interaction["authenticated"]:
        raise SessionNotFound("consent asked before authentication")
    form = ConsentForm()
    if form.validate_on_submit():
        return redirect(service.finish(uid), 303)
    page = render_template("interaction/consent.html", uid=uid, client=client, form=form,
                           labels=consent_labels(auth.scopes), error=form.first_error)
    return allow_form_redirect(make_response(page, 400 if form.errors else 200), auth.redirect_uri)


@bp.get("/<uid>/annuler")
def cancel(uid: str) -> Response:
    return redirect(service.cancel(uid), 303)
