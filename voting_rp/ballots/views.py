"""The four steps of a vote: 1 Choix scrutin, 2 Constitution bulletin, 3 Vote, 4 Accusés de réception.

Steps 2 and 3 are one page: the choice and its review happen in the browser, which encrypts the
ballot (ballot.js) and posts only the ciphertext; the server never receives the choice in clear.
"""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, Response, jsonify, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from shared.election.documents import served_name
from shared.timeutil import paris_short
from shared.web import error_page, pdf_document
from voting_rp.ballots import receipts, service
from voting_rp.ballots.ceremony import current_key, public_document
from voting_rp.ballots.forms import VoteForm
from voting_rp.ballots.models import DONE
from voting_rp.ballots.receipts import Receipt
from voting_rp.ballots.window import current as current_window
from voting_rp.context import voting
from voting_rp.election import service as election
from voting_rp.home import current_elector
from voting_rp.urne.crypto import MAX_BALLOT_BODY, BallotRejected
from voting_rp.voting_codes.views import code_required

bp = Blueprint("ballots", __name__)
BACK = "/scrutins"


@bp.app_template_filter("heure_paris")
def _paris(moment: datetime) -> str:
    return paris_short(moment)


def _receipts() -> dict[str, Receipt]:
    """This browser's receipts by scrutin code (the server keeps them nowhere: receipts.py)."""
    return receipts.kept(request, voting().settings.secret_key, str(session["voter"]["sub"]))


def _refusal(error: service.VoteRefused) -> ResponseReturnValue:
    if isinstance(error, service.VotingClosed):
        return render_template("ballots/closed.html", window=error.window, message=error.message), 403
    heading = {403: "Vote impossible", 409: "Vote déjà enregistré", 503: "Vote momentanément impossible"}
    return error_page(error.status, error.message, heading=heading.get(error.status, "Bulletin refusé"),
                      back_url=url_for("ballots.scrutins"))


@bp.route("/scrutins")
@code_required
def scrutins() -> ResponseReturnValue:
    elector = current_elector()
    assert elector is not None
    ctx = voting()
    return render_template("ballots/scrutins.html", rows=service.overview(ctx, elector),
                           window=current_window(ctx),
                           key_ready=current_key(ctx) is not None)


@bp.route("/scrutins/<code>/bulletin")
@code_required
def ballot(code: str) -> ResponseReturnValue:
    elector = current_elector()
    assert elector is not None
    ctx = voting()
    try:
        scrutin = service.scrutin_for(ctx, elector, code)
        if scrutin.id in service.emargements_of(ctx, elector):
            return redirect(url_for("ballots.receipt", code=code), code=303)
        key = service.ready_to_vote(ctx)
    except service.VoteRefused as error:
        return _refusal(error)
    return render_template("ballots/ballot.html", scrutin=scrutin, form=VoteForm(),
                           key=public_document(key))


@bp.route("/scrutins/<code>/listes/<int:position>/profession-de-foi.pdf")
@code_required
def list_document(code: str, position: int) -> ResponseReturnValue:
    """A list's profession de foi, for the electors of its scrutin, whether the vote is open or
    closed and before or after their own vote (404 for anyone else, or without a document)."""
    elector = current_elector()
    assert elector is not None
    document = election.list_document(voting(), elector, code, position)
    if document is None:
        return error_page(404, "Ce document n'existe pas ou ne concerne pas vos scrutins.", back_url=BACK)
    return pdf_document(document.content, document.sha256, served_name(code, position))


@bp.route("/scrutins/<code>/vote", methods=["POST"])
@code_required
def vote(code: str) -> ResponseReturnValue:
    if (request.content_length or 0) > MAX_BALLOT_BODY:
        return error_page(413, "Le bulletin envoyé dépasse la taille autorisée : il n'a pas été enregistré.",
                          back_url=url_for("ballots.scrutins"))
    elector = current_elector()
    assert elector is not None
    ctx = voting()
    try:
        scrutin = service.scrutin_for(ctx, elector, code)
        receipt = service.cast(ctx, elector, scrutin, VoteForm().bulletin.data)
    except BallotRejected as error:
        return error_page(error.status, error.message + " Votre vote n'a pas été enregistré.",
                          heading="Bulletin refusé", back_url=url_for("ballots.ballot", code=code))
    except service.VoteRefused as error:
        return _refusal(error)
    mailed = receipts.send(ctx, elector.email_pro, receipt, current_window(ctx).title)
    session["receipt_mailed"] = {**session.get("receipt_mailed", {}), code: mailed}
    response = redirect(url_for("ballots.receipt", code=code), code=303)
    receipts.keep(response, ctx.settings.secret_key, elector.electeur_id, {**_receipts(), code: receipt})
    return response


@bp.route("/scrutins/<code>/accuse")
@code_required
def receipt(code: str) -> ResponseReturnValue:
    elector = current_elector()
    assert elector is not None
    ctx = voting()
    try:
        scrutin = service.scrutin_for(ctx, elector, code)
    except service.VoteRefused as error:
        return _refusal(error)
    signed = service.emargements_of(ctx, elector).get(scrutin.id)
    if signed is None or signed.state != DONE:
        return redirect(url_for("ballots.scrutins"), code=303)
    return render_template("ballots/receipt.html", scrutin=scrutin, emargement=signed,
                           receipt=_receipts().get(code), mailed=session.get("receipt_mailed", {}).get(code))


@bp.route("/scrutins/<code>/accuse.pdf")
@code_required
def receipt_pdf(code: str) -> ResponseReturnValue:
    kept = _receipts().get(code)
    if kept is None:
        return error_page(404, "Cet accusé de réception n'est plus disponible dans ce navigateur : il vous "
                          "a été envoyé par mail à votre adresse professionnelle.", back_url=BACK)
    body = receipts.pdf(kept, current_window(voting()).title)
    return Response(body, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="accuse-de-reception-{code}.pdf"',
        "Cache-Control": "no-store"})


@bp.route("/election/cle-publique.json")
def public_key() -> ResponseReturnValue:
    key = current_key(voting())
    if key is None:
        return jsonify(error="Clé de l'élection absente",
                       message="Le scrutin n'est pas encore ouvert au vote (clé de l'élection absente)."), 503
    return jsonify(public_document(key))
