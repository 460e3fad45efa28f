"""The FranceConnect path of the réassort (seed 003): identity from FranceConnect, matched with the
electors' file, link to the e-mail FranceConnect returned, then logout from FranceConnect.
"""

from __future__ import annotations

import logging
import secrets
from urllib.parse import urlencode

from flask import Blueprint, redirect, request, session, url_for
from werkzeug.wrappers import Response

from shared.trace import instrument
from voting_rp.auth import service as auth
from voting_rp.context import voting
from voting_rp.home import current_elector, voter_required
from voting_rp.oidc import userinfo
from voting_rp.oidc.errors import LoginError
from voting_rp.reassort.identity import matches
from voting_rp.reassort.pages import refused_page, send_and_remember

bp = Blueprint("reassort_franceconnect", __name__)
log = logging.getLogger(__name__)
OUTCOME = "reassort_fc_outcome"
LOGOUT_STATE = "reassort_fc_logout_state"
FC_ACR = "eidas1"
ACCEPTED_ACR = ("eidas1", "eidas2", "eidas3")  # what was asked, or higher


@bp.route("/reassort/franceconnect", methods=["POST"])
@voter_required
def begin() -> Response:
    provider = voting().franceconnect
    if provider is None:
        return refused_page("FranceConnect est momentanément indisponible.", 503)
    return redirect(auth.begin(provider, "reassort-fc", acr_values=FC_ACR, accept_acr=ACCEPTED_ACR), code=303)


@bp.route("/reassort/franceconnect/callback")
@voter_required
def callback() -> Response:
    provider = voting().franceconnect
    elector = current_elector()
    if provider is None or elector is None:
        return refused_page("Demande de réassort impossible.", 400)
    try:
        login = auth.complete(provider, {k: v for k, v in request.args.items()})  # acr checked there
        identity = userinfo.fetch_signed(provider, login.access_token, str(login.claims["sub"]))
    except LoginError as error:
        log.warning("Réassort FranceConnect refusé : %s", error.reason)
        return refused_page("L'identification FranceConnect n'a pas abouti ou a été annulée : aucun "
                            "lien n'a été envoyé.", 400)
    if not matches(elector, identity):
        log.warning("Réassort FranceConnect : identité différente, électeur %s", elector.electeur_id)
        session[OUTCOME] = {"refused": "L'identité transmise par FranceConnect ne correspond pas à celle "
                                       "de l'électeur connecté : aucun lien n'a été envoyé."}
    elif not identity.get("email"):
        session[OUTCOME] = {"refused": "FranceConnect n'a pas transmis d'adresse électronique : utilisez "
                                       "la question défi."}
    else:
        outcome = send_and_remember("email", str(identity["email"]), "franceconnect")
        session[OUTCOME] = outcome
    return _logout_from_franceconnect(login.id_token)


def _logout_from_franceconnect(id_token: str) -> Response:
    """End the FranceConnect session too (its documentation asks every client to)."""
    end_session = provider.end_session_url() if (provider := voting().franceconnect) else None
    if not end_session:
        return redirect(url_for("reassort_franceconnect.logged_out"), code=303)
    state = secrets.token_urlsafe(32)
    session[LOGOUT_STATE] = state
    query = urlencode({"id_token_hint": id_token, "state": state,
                       "post_logout_redirect_uri": url_for("reassort_franceconnect.logged_out",
                                                           _external=True)})
    instrument.redirect_sent(f"{end_session}?{query}", "Déconnexion de FranceConnect (redirection)",
                             peer="franceconnect")
    return redirect(f"{end_session}?{query}", code=303)


@bp.route("/reassort/franceconnect/deconnexion")
@voter_required
def logged_out() -> Response:
    expected = session.pop(LOGOUT_STATE, None)
    outcome = session.pop(OUTCOME, None) or {}
    if expected and request.args.get("state") != expected:
        return refused_page("Retour de déconnexion FranceConnect inattendu.", 400)
    if "refused" in outcome:
        return refused_page(str(outcome["refused"]), int(outcome.get("status", 403)))
    return redirect(url_for("reassort.sent"), code=303)
