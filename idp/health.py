"""Health check for load balancers and the test harness."""

from flask import Blueprint
from flask.typing import ResponseReturnValue
from sqlalchemy import text

from idp.context import idp

bp = Blueprint("health", __name__)


@bp.route("/sante")
def health() -> ResponseReturnValue:
    with idp().db.session() as s:
        s.execute(text("SELECT 1"))
    return {"status": "ok"}
