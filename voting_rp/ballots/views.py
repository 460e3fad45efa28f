"""The scrutins list ("Choix scrutin"), once the code de vote has been entered."""

from __future__ import annotations

from flask import Blueprint, render_template

from voting_rp.context import voting
from voting_rp.election import service as election
from voting_rp.home import current_elector
from voting_rp.voting_codes.views import code_required

bp = Blueprint("ballots", __name__)


@bp.route("/scrutins")
@code_required
def scrutins():  # type: ignore[no-untyped-def]
    elector = current_elector()
    assert elector is not None
    return render_template("ballots/scrutins.html", scrutins=election.scrutins_of(voting(), elector),
                           window=election.window(voting()))
