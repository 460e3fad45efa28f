"""The mock's own pages: home (what it is, where to point a client), about, health."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, render_template
from sqlalchemy import text

from franceconnect_mock.context import fc

bp = Blueprint("pages", __name__)


@bp.get("/")
def home() -> str:
    return render_template("home.html", config=fc().config)


@bp.get("/a-propos")
def about() -> str:
    return render_template("about.html")


@bp.get("/sante")
def health() -> Response:
    with fc().db.session() as s:
        s.execute(text("SELECT 1"))
    return jsonify(status="ok")
