"""Health check for load balancers and the test harness."""

from flask import Blueprint
from sqlalchemy import text

from voting_rp.context import voting

bp = Blueprint("health", __name__)


@bp.route("/sante")
def health():  # type: ignore[no-untyped-def]
    with voting().db.session() as s:
        s.execute(text("SELECT 1"))
    return {"status": "ok"}
