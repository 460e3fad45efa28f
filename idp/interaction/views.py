"""The step-up screen: question défi + NUMEN/NIR, asked when a client requests the challenge acr."""

from __future__ import annotations

import time

from flask import Blueprint, Response, render_template, request, session

from idp.accounts.auth import current_voter_id
from idp.accounts.errors import AccountError
from idp.accounts.questions import QUESTIONS
from idp.accounts.service import get_voter
from idp.context import idp
from idp.interaction import flow
from idp.interaction import pending as pending_store
from idp.interaction.forms import StepUpForm
from idp.interaction.service import verify_step_up
from idp.oidc.clients import find_client
from shared.sessions import regenerate_session

bp = Blueprint("interaction", __name__)


@bp.route("/portail/verification/<uid>", methods=["GET", "POST"])
def step_up(uid: str):  # type: ignore[no-untyped-def]
    p = pending_store.load(uid)
    voter_id = current_voter_id()
    if p is None or voter_id is None:
        return Response(render_template("oidc/expired.html"), status=400)
    form = StepUpForm()
    voter = get_voter(idp(), voter_id)
    client = find_client(p.params["client_id"])
    context = {"form": form, "question": QUESTIONS.get(voter.challenge_question or ""),
               "client_name": client.name if client else "", "uid": uid}
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("interaction/step_up.html", error=form.first_error, **context), status
    if form.annuler.data:
        return flow.cancel(p)
    try:
        verify_step_up(idp(), voter_id, form.reponse.data, form.identifiant_agent.data,
                       request.remote_addr or "")
    except AccountError as error:
        return render_template("interaction/step_up.html", error=error.message, **context), error.status
    regenerate_session()  # a new authentication step: a new session id
    session[flow.STEP_UP_TIME] = int(time.time())
    p.stepup_done = True
    pending_store.update(p)
    return flow.proceed(p)
