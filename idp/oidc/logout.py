"""Logout: RP-initiated (OIDC RP-Initiated Logout 1.0) and back-channel to every client
of the session (OIDC Back-Channel Logout 1.0), so signing out of the portal ends the voting session.
"""

from __future__ import annotations

import logging
import secrets
import time

import requests
from flask import Response, current_app, render_template, session
from flask_wtf.csrf import validate_csrf
from werkzeug.wrappers import Response as BaseResponse
from wtforms.validators import ValidationError

from idp.accounts.auth import current_voter_id, sign_out
from idp.context import idp
from idp.oidc import claims
from idp.oidc.clients import find_client
from idp.oidc.logout_checks import LogoutRefused, LogoutRequest, validate
from idp.oidc.responses import to_client
from shared.oidc.jwt import sign
from shared.trace import TRACE_HOOKS, instrument

log = logging.getLogger(__name__)
EVENT = "http://schemas.openid.net/event/backchannel-logout"


def _page(template: str, status: int = 200, **context: object) -> Response:
    return Response(render_template(template, **context), status=status)


def notify_clients(sid: str, sub: str, client_ids: list[str]) -> None:
    """POST a signed logout token to each client's back-channel URI; failures are logged only."""
    keyring = current_app.extensions["keyring"]
    for client_id in client_ids:
        client = find_client(client_id)
        if client is None or not client.backchannel_logout_uri:
            continue
        now = int(time.time())
        token = sign(keyring, client.id_token_alg, {
            "iss": idp().settings.public_url, "aud": client_id, "iat": now, "exp": now + 120,
            "jti": secrets.token_urlsafe(16), "sub": sub, "sid": sid, "events": {EVENT: {}}},
            typ="logout+jwt")
        try:
            answer = requests.post(client.backchannel_logout_uri, data={"logout_token": token},
                                   timeout=5, verify=idp().settings.http_verify, hooks=TRACE_HOOKS)
            log.info("Déconnexion back-channel vers %s : HTTP %s", client_id, answer.status_code)
        except requests.RequestException as error:
            log.warning("Déconnexion back-channel vers %s impossible : %s", client_id, type(error).__name__)


def logout_everywhere() -> None:
    """End the portal session and tell every client it signed in to."""
    voter_id = current_voter_id()
    if voter_id is not None and session.get("sid"):
        notify_clients(session["sid"], claims.subject(idp(), voter_id),
                       list(session.get("oidc_clients", [])))
    sign_out()


def _csrf_ok(params: dict[str, str]) -> bool:
    """The confirmation form is ours: its CSRF token is checked here (the endpoint itself must
    accept clients' cross-site GET and POST requests, so it is exempt from the global check)."""
    try:
        validate_csrf(params.get("csrf_token", ""))
    except ValidationError:
        return False
    return True


def _needs_confirmation(request: LogoutRequest, method: str) -> bool:
    """A signed-in voter confirms unless the hint names them or they sent our confirmation form."""
    voter_id = current_voter_id()
    if voter_id is None:
        return False
    hint, params = request.hint, request.params
    same_voter = hint is not None and hint.get("sub") == claims.subject(idp(), voter_id)
    confirmed = method == "POST" and params.get("confirmer") == "oui" and _csrf_ok(params)
    return not (same_voter or confirmed)


def end_session(raw: dict[str, list[str]], method: str) -> BaseResponse:
    try:
        request = validate(raw, instrument.endpoint_checks())
    except LogoutRefused as refused:
        return _page("oidc/logout_error.html", 400, message=refused.message)
    if _needs_confirmation(request, method):
        return _page("oidc/logout_confirm.html", params=request.params)
    logout_everywhere()
    if request.target:
        state = request.params.get("state")
        return to_client(request.target, {"state": state} if state else {}, with_iss=False)
    return _page("oidc/logged_out.html")
