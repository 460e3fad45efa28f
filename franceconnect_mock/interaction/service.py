"""The person's side of a sign-in, from the request ``/authorize`` handed over to the response.

The protocol keeps the checked authorization request in :mod:`franceconnect_mock.oidc.handoff`
and redirects here; the pages choose an identity provider, sign in at the demo provider and
consent, and ``finish`` hands back the authorization response. Every lifetime is read on the
mock clock.
"""

from __future__ import annotations

import secrets
from typing import Any

from franceconnect_mock.clients.store import Client
from franceconnect_mock.context import fc
from franceconnect_mock.identities.catalogue import IdentityProvider
from franceconnect_mock.journal.trace import start_trace
from franceconnect_mock.oidc import handoff
from franceconnect_mock.oidc.checks.authorize import AuthorizationRequest
from franceconnect_mock.oidc.claims import identity_claims
from franceconnect_mock.oidc.responses import client_url
from franceconnect_mock.oidc.sub import pairwise_sub
from franceconnect_mock.protocol.errors import (
    AccessDenied,
    IdentityProviderFailed,
    SessionNotFound,
    UnknownIdentityProvider,
)
from franceconnect_mock.protocol.grants import AuthorizationResponse, Grant
from franceconnect_mock.scenarios.service import ScenarioApplier
from shared.sessions import regenerate_session

BAD_CREDENTIALS = "Identifiant ou mot de passe incorrect."


def load(uid: str) -> tuple[dict[str, Any], AuthorizationRequest, Client]:
    """The pending interaction and its client; gone or too old means FranceConnect's Y150001 page."""
    found = handoff.pending(uid)
    if found is None and handoff.pending_expired(uid):
        raise SessionNotFound("interaction expired")
    if found is None:
        raise SessionNotFound("no pending interaction with this id in the session")
    request = AuthorizationRequest(**found["request"])
    client = fc().clients.get(request.client_id)
    if client is None or found["created_at"] + client.profile.session_seconds < fc().clock.now():
        raise SessionNotFound("interaction expired")
    return found, request, client


def providers(request: AuthorizationRequest, client: Client) -> list[IdentityProvider]:
    """The identity providers offered: those with the level asked for, within the client's filter."""
    return [p for p in fc().identities.catalogue.providers
            if p.offers(request.acr) and (not client.identity_providers or p.id in client.identity_providers)]


def provider(request: AuthorizationRequest, client: Client, provider_id: str) -> IdentityProvider:
    found = next((p for p in providers(request, client) if p.id == provider_id), None)
    if found is None:
        raise UnknownIdentityProvider()
    return found


def can_reuse_session(request: AuthorizationRequest, client: Client) -> bool:
    """Single sign-on: FranceConnect v2 only, no ``prompt=login``, a provider this client accepts."""
    auth = handoff.fc_session()
    if auth is None or not client.profile.sso or "login" in request.prompts:
        return False
    usable = {p.id for p in providers(request, client)}
    return auth["platform"] == client.profile.name and auth["idp"] in usable


def reuse_session(uid: str) -> None:
    interaction, _, _ = load(uid)
    handoff.save_pending(uid, {**interaction, "authenticated": True})


def sign_in(uid: str, provider_id: str, login: str, password: str) -> str | None:
    """Sign in at the demo provider; returns the form's error, or ``None`` once signed in."""
    ctx = fc()
    interaction, request, client = load(uid)
    chosen = provider(request, client, provider_id)
    if not ctx.identities.password_matches(password):
        return BAD_CREDENTIALS
    failure = ctx.scenarios.failure(login)
    adversarial = ctx.scenarios.by_login(login)
    if failure is not None:
        ctx.sleep(failure.delay_seconds)
        if failure.outcome == "error":
            start_trace("interaction").client_id = client.client_id
            raise IdentityProviderFailed(failure.why, code=failure.y_code)
    identity_login = (failure.identity if failure else adversarial.identity if adversarial else login)
    identity = ctx.identities.find(identity_login or "")
    if identity is None:
        return BAD_CREDENTIALS
    now = ctx.clock.now()
    regenerate_session()  # a new session id at each authentication step (session fixation)
    handoff.open_fc_session({"identity": identity.login, "login": login, "idp": chosen.id, "auth_time": now,
                             "platform": client.profile.name,
                             "expires_at": now + client.profile.session_seconds,
                             "scenario": adversarial.id if adversarial else None, "subs": {}})
    handoff.save_pending(uid, {**interaction, "authenticated": True})
    return None


def needs_consent(request: AuthorizationRequest, client: Client) -> bool:
    """Private clients get the consent checkbox; ``prompt=consent`` asks it of any client."""
    return client.private or "consent" in request.prompts


def finish(uid: str) -> str:
    """Issue the code and build the authorization response (the scenario may reshape it)."""
    ctx = fc()
    interaction, request, client = load(uid)
    auth = handoff.fc_session()
    identity = ctx.identities.find(auth["identity"]) if auth else None
    chosen = ctx.identities.catalogue.provider(auth["idp"]) if auth else None
    if not interaction["authenticated"] or auth is None or identity is None or chosen is None:
        raise SessionNotFound("no authenticated FranceConnect session for this interaction")
    sub = pairwise_sub(client.entity_id, identity, ctx.config.sub_secret)
    scenario = auth.get("scenario") or client.scenario
    flow = secrets.token_hex(8)
    noted = start_trace("authorize:response")
    noted.client_id, noted.flow = client.client_id, flow
    grant = Grant(client_id=client.client_id, redirect_uri=request.redirect_uri, scopes=request.scopes,
                  acr=request.acr, nonce=request.nonce, amr_requested=request.amr_requested,
                  auth_time=auth["auth_time"], sub=sub,
                  claims=identity_claims(identity, chosen.id, ["fc", *chosen.amr]), login=auth["login"],
                  idp_id=chosen.id, state=request.state, scenario=scenario, flow=flow)
    genuine = AuthorizationResponse(ctx.grants.issue_code(grant), request.state)
    sent = ScenarioApplier(ctx.scenarios, ctx.grants).respond(client.client_id, genuine, scenario)
    handoff.open_fc_session({**auth, "subs": {**auth["subs"], client.client_id: sub}})
    handoff.forget_pending(uid)
    return client_url(request.redirect_uri, {"code": sent.code, "state": sent.state})


def cancel(uid: str) -> str:
    """The person turned back: ``access_denied`` to the client, with its state."""
    _, request, client = load(uid)
    handoff.forget_pending(uid)
    error = AccessDenied()
    noted = start_trace("authorize:response")
    noted.client_id, noted.y_code, noted.why = client.client_id, error.code, error.detail
    return client_url(request.redirect_uri, {"error": error.error, "error_description": error.detail,
                                             "state": request.state})
