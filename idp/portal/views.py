"""Portal pages once signed in ("Bienvenue sur votre portail Élections") and public help pages."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from idp.accounts.auth import current_voter_id, login_required
from idp.accounts.models import Voter
from idp.accounts.service import get_voter
from idp.context import idp
from idp.election import service as election
from idp.portal import service
from idp.portal.forms import AssistanceForm, ComplaintForm
from idp.portal.tutorials import TUTORIALS
from shared.election.documents import served_name
from shared.timeutil import utcnow
from shared.web import error_page, pdf_document

bp = Blueprint("portal", __name__, url_prefix="/portail")


def _voter() -> Voter:
    voter_id = current_voter_id()
    assert voter_id is not None
    return get_voter(idp(), voter_id)


@bp.route("/accueil")
@login_required
def home() -> ResponseReturnValue:
    return render_template("portal/home.html", voter=_voter(), window=election.window(idp()),
                           previous_login=session.get("previous_login"),
                           voting_url=idp().settings.voting_url)


@bp.route("/edito")
def edito() -> ResponseReturnValue:
    return render_template("portal/edito.html", window=election.window(idp()))


@bp.route("/aide")
def faq() -> ResponseReturnValue:
    return render_template("portal/faq.html")


@bp.route("/tutoriel/<name>")
def tutorial(name: str) -> ResponseReturnValue:
    if name not in TUTORIALS:
        abort(404)
    return render_template("portal/tutorial.html", tutorial=TUTORIALS[name])


@bp.route("/mes-scrutins")
@login_required
def my_scrutins() -> ResponseReturnValue:
    return render_template("portal/scrutins.html", scrutins=election.scrutins_of(idp(), _voter()))


@bp.route("/scrutins/<code>/listes/<int:position>/profession-de-foi.pdf")
@login_required
def list_document(code: str, position: int) -> ResponseReturnValue:
    """A list's profession de foi, for the electors of its scrutin only (404 for anyone else)."""
    document = election.list_document(idp(), _voter(), code, position)
    if document is None:
        return error_page(404, "Ce document n'existe pas ou ne concerne pas vos scrutins.",
                          back_url=url_for("portal.my_scrutins"))
    return pdf_document(document.content, document.sha256, served_name(code, position))


@bp.route("/listes-electorales")
@login_required
def electoral_lists() -> ResponseReturnValue:
    scrutins = election.scrutins_of(idp(), _voter())
    chosen = next((s for s in scrutins if str(s.id) == request.args.get("scrutin")), None)
    search = request.args.get("nom", "")[:50].strip()
    page = max(1, min(request.args.get("page", 1, type=int) or 1, 100_000))
    electors, total = election.electors_of(idp(), chosen, search, page) if chosen else ([], 0)
    return render_template("portal/electoral_lists.html", scrutins=scrutins, chosen=chosen,
                           electors=electors, total=total, page=page, search=search)


@bp.route("/reclamation", methods=["GET", "POST"])
@login_required
def complaint() -> ResponseReturnValue:
    form = ComplaintForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("portal/complaint.html", form=form, error=form.first_error), status
    reference = service.file_complaint(idp(), _voter(), form.objet.data, form.message.data)
    flash(f"Votre réclamation a bien été enregistrée sous la référence {reference}. Un accusé de "
          "réception vous a été envoyé par mail.", "succes")
    return redirect(url_for("portal.home"), code=303)


@bp.route("/assistance", methods=["GET", "POST"])
@login_required
def assistance() -> ResponseReturnValue:
    form = AssistanceForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("portal/assistance.html", form=form, error=form.first_error), status
    reference = service.request_assistance(idp(), _voter(), form.sujet.data, form.message.data)
    flash(f"Votre demande d'assistance a bien été enregistrée sous la référence {reference}. "
          "Une confirmation vous a été envoyée par mail.", "succes")
    return redirect(url_for("portal.home"), code=303)


@bp.route("/mon-compte")
@login_required
def account() -> ResponseReturnValue:
    voter = _voter()
    academie = election.academie_name(idp(), voter.academie_code)
    return render_template("portal/account.html", voter=voter, academie=academie,
                           activated=session.get("activated", False))


@bp.route("/voter")
@login_required
def to_voting_space() -> ResponseReturnValue:
    """"Consulter les scrutins, les candidatures et voter": on to the voting space."""
    return redirect(idp().settings.voting_url + "/", code=303)


@bp.app_template_global()
def now_utc() -> datetime:
    return utcnow()
