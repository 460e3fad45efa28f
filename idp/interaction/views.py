"""The step-up screen: question défi + NUMEN/NIR, asked when a client requests the challenge acr;
the seeds' "Demande de réassort" screen (the channel too) when the client sent a channel key."""

from __future__ import annotations

import time

from flask import Blueprint, Response, render_template, request, session
from flask.typing import ResponseReturnValue

from idp.accounts.auth import current_voter_id
from idp.accounts.errors import AccountError
from idp.accounts.questions import QUESTIONS
from idp.accounts.service import get_voter
from idp.context import idp
from idp.interaction import flow
from idp.interaction import pending as pending_store
from idp.interaction.forms import ReassortForm, StepUpForm
from idp.interaction.service import verify_step_up
from idp.oidc.clients import find_client
from shared.oidc import channel_claim
from shared.sessions import regenerate_session

bp = Blueprint("interaction", __name__)


@bp.route("/portail/verification/<uid>", methods=["GET", "POST"])
def step_up(uid: str) -> ResponseReturnValue:
    p = pending_store.load(uid)
    voter_id = current_voter_id()
    if p is None or voter_id is None:
        return Response(render_template("oidc/expired.html"), status=400)
    voter = get_voter(idp(), voter_id)
    reassort = channel_claim.PARAM in p.params  # the seeds' "Demande de réassort" screen
    form = ReassortForm(professional=voter.email_pro) if reassort else StepUpForm()
    client = find_client(p.params["client_id"])
    template = "interaction/reassort.html" if reassort else "interaction/step_up.html"
    context = {"form": form, "question": QUESTIONS.get(voter.challenge_question or ""),
               "client_name": client.name if client else "", "uid": uid}
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template(template, error=form.first_error, **context), status
    if form.annuler.data:
        return flow.cancel(p)
    try:
        verify_step_up(idp(), voter_id, form.reponse.data, form.identifiant_agent.data,
                       request.remote_addr or "")
    except AccountError as error:
        return render_template(template, error=error.message, **context), error.status
    regenerate_session()  # a new authentication step: a new session id
    session[flow.STEP_UP_TIME] = int(time.time())
    p.stepup_done = True
    if isinstance(form, ReassortForm):  # from here on, only the client that asked can read it
        p.channel = channel_claim.encrypt_channel(p.params[channel_claim.PARAM], form.canal.data,
                                                  form.address)
    pending_store.update(p)
    return flow.proceed(p)
