"""The inspector's pages: reviewer sign-in, journeys list, one journey as a sequence, JSON export.

Registered only when INSPECTOR_ENABLED (default on in development and test, off in production).
A voter's portal session never opens it (403); a reviewer signs in here, with its own account.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response

from idp.accounts.auth import current_voter_id
from idp.context import idp
from idp.inspector import service
from idp.inspector.forms import ReviewerSignInForm
from shared.sessions import reset_session
from shared.trace.events import TraceStore
from shared.trace.journeys import export
from shared.web import error_page

bp = Blueprint("inspector", __name__, url_prefix="/inspecteur")
REVIEWER = "reviewer_id"
VOTER_REFUSED = ("L'inspecteur des échanges est réservé aux relecteurs de sécurité : une session "
                 "d'électeur n'y donne pas accès.")


def _store() -> TraceStore:
    return current_app.extensions["trace"].store


def reviewer_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if current_voter_id() is not None:  # whatever else the session holds
            return error_page(403, VOTER_REFUSED, heading="Accès réservé aux relecteurs")
        reviewer_id = session.get(REVIEWER)
        if isinstance(reviewer_id, int) and service.reviewer_login(idp(), reviewer_id):
            return view(*args, **kwargs)
        return redirect(url_for("inspector.sign_in"), code=303)

    return wrapped


@bp.route("/connexion", methods=["GET", "POST"])
def sign_in() -> ResponseReturnValue:
    form = ReviewerSignInForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("inspector/sign_in.html", form=form, error=form.first_error), status
    try:
        reviewer_id = service.authenticate(idp(), form.identifiant.data, form.mot_de_passe.data,
                                           request.remote_addr or "")
    except service.ReviewerRefused as refused:
        return render_template("inspector/sign_in.html", form=form, error=refused.message), refused.status
    reset_session()  # a new identity: a new session id, nothing of a voter's session kept
    session[REVIEWER] = reviewer_id
    return redirect(url_for("inspector.journeys"), code=303)


@bp.route("/deconnexion", methods=["POST"])
def sign_out() -> Response:
    reset_session()
    return redirect(url_for("inspector.sign_in"), code=303)


@bp.route("")
@reviewer_required
def journeys() -> ResponseReturnValue:
    return render_template("inspector/journeys.html", journeys=service.summaries(_store()),
                           reviewer=service.reviewer_login(idp(), session[REVIEWER]))


@bp.route("/parcours/<int:journey>")
@reviewer_required
def journey(journey: int) -> ResponseReturnValue:
    rows = service.timeline(_store(), journey)
    if not rows:
        return error_page(404, "Ce parcours n'existe pas ou a été purgé (rétention de la trace).")
    return render_template("inspector/journey.html", journey=journey, rows=rows,
                           columns=service.COLUMNS.values(),
                           reviewer=service.reviewer_login(idp(), session[REVIEWER]))


@bp.route("/parcours/<int:journey>.json")
@reviewer_required
def journey_json(journey: int) -> ResponseReturnValue:
    document = export(_store(), journey)
    if document is None:
        return error_page(404, "Ce parcours n'existe pas ou a été purgé (rétention de la trace).")
    return Response(json.dumps(document, ensure_ascii=False, indent=2), mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="parcours-{journey}.json"',
                             "Cache-Control": "no-store"})
