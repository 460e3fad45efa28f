"""Who is signed in to the voting space, and where "/" leads."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import Blueprint, g, redirect, session, url_for
from flask.typing import ResponseReturnValue

from voting_rp.context import voting
from voting_rp.election import service as election
from voting_rp.election.models import Elector

bp = Blueprint("home", __name__)


def voter_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if "voter" not in session:
            return redirect(url_for("auth.login"), code=303)
        return view(*args, **kwargs)

    return wrapped


def current_elector() -> Elector | None:
    """The electors' file entry of the signed-in voter (the portal's sub is the electeur id), read
    once per request: code_required and the view it guards both ask."""
    sub = str(session["voter"]["sub"])
    cached = g.get("elector")
    if cached is None or cached[0] != sub:
        cached = g.elector = (sub, election.elector(voting(), sub))
    return cached[1]


@bp.route("/")
@voter_required
def index() -> ResponseReturnValue:
    return redirect(url_for("codes.enter"), code=303)
