"""Results on the portal, once the voting space's tally has published them ("Résultats").

The tally (``python -m voting_rp tally``) writes ``results.json`` and the sorted list of counted
ballot fingerprints to the shared data folder (``IDP_RESULTS_FILE`` to place it elsewhere); the
portal only reads them. Any voter can check that the fingerprint on a receipt was counted.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, render_template, request
from flask.typing import ResponseReturnValue

from idp.context import idp
from shared.election.results import FINGERPRINTS_FILE, fingerprints_beside
from shared.web import error_page

bp = Blueprint("results", __name__, url_prefix="/portail")
FINGERPRINT = re.compile(r"[0-9a-f]{64}")


def _results_file() -> Path:
    return idp().settings.results_file  # IDP_RESULTS_FILE, checked at start


def _fingerprints_file() -> Path:
    return fingerprints_beside(_results_file())


@lru_cache(maxsize=4)
def _load(path: str, _mtime: float) -> tuple[dict[str, Any], frozenset[str]]:
    results = json.loads(Path(path).read_text(encoding="utf-8"))
    prints = fingerprints_beside(Path(path))
    counted = frozenset(prints.read_text(encoding="ascii").split()) if prints.exists() else frozenset()
    return results, counted


def published() -> tuple[dict[str, Any], frozenset[str]] | None:
    """The published results and counted fingerprints, re-read only when the file changes."""
    path = _results_file()
    try:
        return _load(str(path), path.stat().st_mtime)
    except (OSError, ValueError):
        return None


@bp.app_template_global()
def results_published() -> bool:
    return published() is not None


def _check(typed: str | None, counted: frozenset[str]) -> str | None:
    """"compte", "absent" or "invalide" for a fingerprint typed as on the receipt (spaces allowed)."""
    if typed is None:
        return None
    cleaned = re.sub(r"\s+", "", typed[:200]).lower()
    if not FINGERPRINT.fullmatch(cleaned):
        return "invalide"
    return "compte" if cleaned in counted else "absent"


@bp.route("/resultats")
def results() -> ResponseReturnValue:
    found = published()
    if found is None:
        return error_page(404, "Les résultats ne sont pas encore publiés : ils le seront après le "
                          "dépouillement.", heading="Résultats non publiés", back_url="/portail/accueil")
    data, counted = found
    typed = request.args.get("empreinte")
    return render_template("portal/results.html", results=data, check=_check(typed, counted),
                           typed=(typed or "")[:200])


@bp.route("/resultats/empreintes-comptees.txt")
def counted_fingerprints() -> ResponseReturnValue:
    path = _fingerprints_file()
    if published() is None or not path.exists():
        return error_page(404, "Les résultats ne sont pas encore publiés.")
    return Response(path.read_bytes(), mimetype="text/plain", headers={
        "Content-Disposition": f'attachment; filename="{FINGERPRINTS_FILE}"'})
