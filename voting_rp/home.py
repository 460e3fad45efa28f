"""The voting space's home: who is signed in, and the way to "Saisie du code de vote"."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import Blueprint, redirect, render_template, session, url_for

bp = Blueprint("home", __name__)


def voter_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if "voter" not in session:
            return redirect(url_for("auth.login"), code=303)
        return view(*args, **kwargs)

    return wrapped


@bp.route("/")
@voter_required
def index():  # type: ignore[no-untyped-def]
    return render_template("home.html", voter=session["voter"])


@bp.route("/code-de-vote")
@voter_required
def voting_code():  # type: ignore[no-untyped-def]
    return render_template("voting_code.html", voter=session["voter"])
