"""Réassort screens (placeholder until the réassort module lands)."""

from flask import Blueprint, render_template

from voting_rp.home import voter_required

bp = Blueprint("reassort", __name__)


@bp.route("/reassort")
@voter_required
def choice():  # type: ignore[no-untyped-def]
    return render_template("reassort/choice.html")
