""""Saisie du code de vote": code + CAPTCHA, then the scrutins."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from shared.captcha import current_captcha
from shared.sessions import regenerate_session
from voting_rp.context import voting
from voting_rp.election import service as election
from voting_rp.home import current_elector, voter_required
from voting_rp.voting_codes.forms import CodeForm
from voting_rp.voting_codes.service import CodeRefused, check_code

bp = Blueprint("codes", __name__)
CAPTCHA_WRONG = ("La saisie du CAPTCHA est incorrecte – merci de contrôler votre saisie - si vous "
                 "rencontrez encore des difficultés, vous pouvez générer un autre code ou écouter le "
                 "code à saisir.")


def code_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """The scrutins open only after the code de vote, and only while it is still the current one."""
    @functools.wraps(view)
    @voter_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        elector = current_elector()
        if elector is None or session.get("code_ok") != elector.code_version:
            return redirect(url_for("codes.enter"), code=303)
        return view(*args, **kwargs)

    return wrapped


@bp.route("/code-de-vote", methods=["GET", "POST"])
@voter_required
def enter() -> ResponseReturnValue:
    elector = current_elector()
    if elector is None:
        return render_template("codes/not_elector.html"), 403
    form = CodeForm()
    context = {"form": form, "window": election.window(voting())}
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("codes/enter.html", error=form.first_error, **context), status
    if not current_captcha().check(form.captcha.data):
        return render_template("codes/enter.html", error=CAPTCHA_WRONG, captcha_error=CAPTCHA_WRONG,
                               **context), 400
    try:
        check_code(voting(), elector, form.code.data, request.remote_addr or "")
    except CodeRefused as error:
        return render_template("codes/enter.html", error=error.message, **context), error.status
    regenerate_session()  # a new authentication step: a new session id
    session["code_ok"] = elector.code_version
    return redirect(url_for("ballots.scrutins"), code=303)
