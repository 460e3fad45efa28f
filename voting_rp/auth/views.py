"""Sign-in through the portal, its callback, back-channel logout and logout. Views stay thin."""

from __future__ import annotations

import logging
import secrets
from urllib.parse import urlencode

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response

from shared.trace import end_journey, instrument
from voting_rp.auth import service
from voting_rp.auth.steps import portal_steps
from voting_rp.context import voting
from voting_rp.oidc import userinfo
from voting_rp.oidc.errors import LoginError
from voting_rp.oidc.tokens import verify_logout_token

log = logging.getLogger(__name__)
bp = Blueprint("auth", __name__)
LOGOUT_MARKER_SECONDS = 8 * 3600


@bp.route("/connexion")
def login() -> Response:
    """Into the voting space through the portal: silent when the portal session exists."""
    return redirect(service.begin(voting().portal, "sso"), code=303)


@bp.route("/auth/portail/callback")
def portal_callback() -> ResponseReturnValue:
    provider = voting().portal
    args = {k: v for k, v in request.args.items()}
    if len(request.args.getlist("state")) > 1 or len(request.args.getlist("code")) > 1:
        return render_template("auth/refused.html", reason="paramètres répétés"), 400
    steps = portal_steps()
    pending = {purpose: step.take_pending() for purpose, step in steps.items()}  # whatever the answer
    try:
        login = service.complete(provider, args)
        if login.purpose in steps:  # a sign-in another feature asked for (the réassort's step-up)
            return steps[login.purpose].finish(login, pending[login.purpose])
        claims = userinfo.identity(provider, login.claims, login.access_token, service.SESSION_CLAIMS)
    except LoginError as error:
        declined = error.declined_purpose
        if declined is not None and declined in steps:  # RETOUR on the portal's screen for that step
            return redirect(url_for(steps[declined].declined_endpoint), code=303)
        log.warning("Connexion par le portail refusée : %s", error.reason)
        return render_template("auth/refused.html", reason=error.reason), 400
    service.open_voting_session(login, claims)
    # Straight to the code de vote page, the first step of a new session (the home page would only
    # send the voter on there: one redirect less on every sign-in).
    return redirect(url_for("codes.enter"), code=303)


@bp.route("/auth/portail/backchannel-logout", methods=["POST"])
def portal_backchannel_logout() -> ResponseReturnValue:
    """OIDC Back-Channel Logout: the portal says a session ended; ours with that sid end too."""
    provider = voting().portal
    token = request.form.get("logout_token", "")
    try:
        with instrument.verified("logout_token", token, peer=provider.config.name) as checks:
            claims = verify_logout_token(token, key_for=provider.key_for, issuer=provider.issuer,
                                         client_id=provider.config.client_id, checks=checks)
    except LoginError as error:
        log.warning("Jeton de déconnexion refusé : %s", error.reason)
        return {"error": "invalid_request"}, 400, {"Cache-Control": "no-store"}
    voting().kv.put(service.logout_marker(str(claims["sid"])), b"1", LOGOUT_MARKER_SECONDS)
    return "", 200, {"Cache-Control": "no-store"}


@bp.route("/deconnexion", methods=["POST"])
def logout() -> Response:
    """RP-initiated logout: end here, then at the portal (which ends its session too)."""
    id_token = session.get("id_token")
    session.clear()
    state = secrets.token_urlsafe(24)
    session["logout_state"] = state
    end_session = voting().portal.end_session_url()
    if not end_session or not id_token:
        return redirect(url_for("auth.logged_out"), code=303)
    query = urlencode({"id_token_hint": id_token, "state": state,
                       "post_logout_redirect_uri": url_for("auth.logged_out", _external=True)})
    instrument.redirect_sent(f"{end_session}?{query}", "Déconnexion (redirection vers le portail)",
                             peer="portail")
    return redirect(f"{end_session}?{query}", code=303)


@bp.route("/deconnecte")
def logged_out() -> ResponseReturnValue:
    expected = session.pop("logout_state", None)
    returned = request.args.get("state")
    if returned is not None and returned != expected:
        return render_template("auth/refused.html", reason="state de déconnexion inattendu"), 400
    end_journey()  # the next sign-in in this browser is another journey in the trace
    return render_template("auth/logged_out.html")
