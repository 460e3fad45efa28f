"""What an authorization request needs next: a sign-in, a step-up, or its code.

OIDC Core §3.1.2.3: ``prompt=login`` and ``max_age`` force a new authentication; ``prompt=none``
never shows a screen and answers ``login_required`` / ``interaction_required`` instead.
"""

from __future__ import annotations

import time

from authlib.oauth2.rfc6749.errors import OAuth2Error
from flask import current_app, redirect, session, url_for
from werkzeug.wrappers import Response

from idp.accounts.auth import current_voter_id
from idp.accounts.service import get_voter
from idp.context import idp
from idp.interaction import pending as pending_store
from idp.interaction.pending import Pending
from idp.oidc import claims
from idp.oidc.responses import authorization_error
from idp.oidc.server import AuthenticatedVoter, StoredRequest
from shared.oidc.acr import ACR_CHALLENGE, ACR_PASSWORD
from shared.oidc.errors import AccessDenied, LoginRequired, OidcError

STEP_UP_TIME = "stepup_time"


class InteractionRequired(OidcError):
    error = "interaction_required"
    description = "Une vérification renforcée est nécessaire."


def _needs_sign_in(p: Pending) -> bool:
    voter_id = current_voter_id()
    if voter_id is None:
        return True
    if "login" in p.prompts and not p.login_done:
        return True
    auth_time = int(session.get("auth_time", 0))
    if p.max_age is not None and time.time() - auth_time > p.max_age and not p.login_done:
        return True
    hint = p.params.get("login_hint")
    return bool(hint) and hint not in (claims.subject(idp(), voter_id), _email(voter_id))


def _email(voter_id: int) -> str:
    return get_voter(idp(), voter_id).email_pro


def start(params: dict[str, str], acr: str, prompts: set[str], max_age: int | None) -> Response:
    """Take over a checked authorization request (the protocol's hand-off, ``Handoffs.authorize``)."""
    return proceed(pending_store.new(params, acr, prompts, max_age))


def resume(uid: str) -> Response | None:
    """Go on with a request parked in the session, or None when it is gone (``Handoffs.resume``)."""
    p = pending_store.load(uid)
    return None if p is None else proceed(p)


def after_sign_in() -> str | None:
    """The page resuming the request a fresh sign-in completes, if any (``Handoffs.after_sign_in``)."""
    uid = pending_store.resume_after_sign_in()
    return url_for("oidc.resume", uid=uid) if uid else None


def proceed(p: Pending) -> Response:
    """Send the browser to the next interaction, or back to the client with a code."""
    if _needs_sign_in(p):
        if "none" in p.prompts:
            return _fail(p, LoginRequired())
        pending_store.keep(p)
        pending_store.wait_for_sign_in(p.uid)
        return redirect(url_for("accounts.identifier", login_hint=p.params.get("login_hint")), code=303)
    if p.acr == ACR_CHALLENGE and not p.stepup_done:
        if "none" in p.prompts:
            return _fail(p, InteractionRequired())
        pending_store.keep(p)
        return redirect(url_for("interaction.step_up", uid=p.uid), code=303)
    return _issue_code(p)


def _fail(p: Pending, error: OidcError) -> Response:
    pending_store.forget(p.uid)
    return authorization_error(error, p.params["redirect_uri"], p.params.get("state"))


def cancel(p: Pending) -> Response:
    return _fail(p, AccessDenied())


def _issue_code(p: Pending) -> Response:
    voter_id = current_voter_id()
    assert voter_id is not None
    stepped_up = p.acr == ACR_CHALLENGE
    user = AuthenticatedVoter(
        voter_id=voter_id, sub=claims.subject(idp(), voter_id), sid=session["sid"],
        auth_time=int(session[STEP_UP_TIME] if stepped_up else session["auth_time"]),
        acr=ACR_CHALLENGE if stepped_up else ACR_PASSWORD,
        amr=("pwd", "kba") if stepped_up else ("pwd",), channel=p.channel if stepped_up else None)
    server = current_app.extensions["oidc_server"]
    request = StoredRequest(p.params, f"{idp().settings.public_url}/oidc/authorize")
    pending_store.forget(p.uid)
    try:
        grant = server.get_consent_grant(request=request, end_user=user)
    except OAuth2Error as error:  # authlib's own checks (e.g. a replayed nonce)
        refused = OidcError(error.description or "Requête refusée.")
        refused.error = error.error or "invalid_request"
        return authorization_error(refused, p.params["redirect_uri"], p.params.get("state"))
    clients = session.get("oidc_clients", [])
    if p.params["client_id"] not in clients:  # the clients to log out at sign-out; written once each
        session["oidc_clients"] = sorted({*clients, p.params["client_id"]})
    response = server.create_authorization_response(request=request, grant_user=user, grant=grant)
    response.status_code = 303
    return response
