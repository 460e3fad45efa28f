"""The authorization request's checks, one small function each, in the order the real service runs them.

First the request's shape (FranceConnect validates it before anything else: a fault is the HTML
page Y030007), then the client (Y04EA6EF) and the exact redirect URI (Y04C013C). Only once the
redirect URI is trusted may an error go back to the client (OpenID Connect Core §3.1.2.6, and
RFC 9700 §4.11 against open redirects); the amr and idp_hint checks are FranceConnect's own
pages again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from werkzeug.datastructures import MultiDict

from franceconnect_mock.clients.store import Client, ClientRegistry
from franceconnect_mock.identities.catalogue import Catalogue
from franceconnect_mock.journal.trace import trace
from franceconnect_mock.oidc.claims import base_scopes
from franceconnect_mock.protocol.errors import (
    AcrNotOffered,
    AmrNotAllowed,
    InvalidAuthorizeRequest,
    OpenidScopeMissing,
    PromptNotAllowed,
    RedirectError,
    RedirectUriNotRegistered,
    ScopeNotAllowed,
    UnknownClient,
    UnknownIdpHint,
    UnsupportedResponseType,
)
from franceconnect_mock.protocol.platforms import EIDAS_LEVELS, Platform
from franceconnect_mock.protocol.scopes import KNOWN_SCOPES

REQUIRED = ("client_id", "response_type", "redirect_uri", "scope", "acr_values", "state", "nonce")
OPTIONAL = ("prompt", "claims", "idp_hint", "ui_locales")
PROMPTS = ("login", "consent")  # none, select_account and an empty prompt are refused
MIN_NONCE = 22
MAX_PARAMETER = 2048  # (unconfirmed) the real service's limit is not published


@dataclass(frozen=True)
class AuthorizationRequest:
    client_id: str
    redirect_uri: str
    state: str
    nonce: str
    scopes: list[str]
    acr: str
    prompts: list[str]
    amr_requested: bool
    idp_hint: str | None
    ui_locales: str | None


def check_single_values(params: MultiDict[str, str]) -> dict[str, str]:
    repeated = sorted(k for k in params if len(params.getlist(k)) > 1)
    if repeated:
        raise InvalidAuthorizeRequest(f"parameters must not be provided twice: {', '.join(repeated)}")
    return {k: params[k] for k in params}


def check_sizes(p: dict[str, str]) -> None:
    too_long = sorted(k for k, v in p.items() if len(v) > MAX_PARAMETER)
    if too_long:
        raise InvalidAuthorizeRequest(f"parameters too long (max {MAX_PARAMETER}): {', '.join(too_long)}")


def check_known_parameters(p: dict[str, str], reject_unknown: bool) -> None:
    """(unconfirmed) Any parameter outside the documented ones, even code_challenge, is refused."""
    unknown = sorted(set(p) - set(REQUIRED) - set(OPTIONAL))
    if unknown and reject_unknown:
        raise InvalidAuthorizeRequest(f"unknown parameters: {', '.join(unknown)}")


def check_required(p: dict[str, str]) -> None:
    missing = [name for name in REQUIRED if not p.get(name)]
    if missing:
        raise InvalidAuthorizeRequest(f"missing required parameters: {', '.join(missing)}")


def check_nonce_length(p: dict[str, str]) -> None:
    if len(p["nonce"]) < MIN_NONCE:
        raise InvalidAuthorizeRequest(f"nonce must be at least {MIN_NONCE} characters long")


def check_prompt_values(p: dict[str, str]) -> list[str]:
    if "prompt" not in p:
        return []
    values = p["prompt"].split(" ")
    if not p["prompt"] or any(v not in PROMPTS for v in values):
        raise InvalidAuthorizeRequest(f"prompt must be login, consent or both (got {p['prompt']!r})")
    return list(dict.fromkeys(values))


def check_redirect_uri_is_url(p: dict[str, str]) -> None:
    parts = urlsplit(p["redirect_uri"])
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise InvalidAuthorizeRequest("redirect_uri must be a URL")


def check_claims_json(p: dict[str, str]) -> dict[str, Any]:
    if "claims" not in p:
        return {}
    try:
        claims = json.loads(p["claims"])
    except ValueError as exc:
        raise InvalidAuthorizeRequest("claims must be a JSON object") from exc
    if not isinstance(claims, dict) or not all(isinstance(v, dict) for v in claims.values()):
        raise InvalidAuthorizeRequest("claims must be a JSON object of objects")
    return claims


def check_client(p: dict[str, str], clients: ClientRegistry) -> Client:
    client = clients.get(p["client_id"])
    if client is None or not client.enabled:
        raise UnknownClient()
    trace().client_id = client.client_id
    return client


def check_redirect_uri_registered(p: dict[str, str], client: Client) -> str:
    """Exact string comparison (RFC 9700 §4.1.3): no prefix, no normalisation."""
    if p["redirect_uri"] not in client.redirect_uris:
        raise RedirectUriNotRegistered()
    return p["redirect_uri"]


def check_response_type(p: dict[str, str]) -> None:
    if p["response_type"] != "code":
        raise UnsupportedResponseType()


def check_openid_scope(p: dict[str, str]) -> list[str]:
    scopes = list(dict.fromkeys(p["scope"].split()))
    if "openid" not in scopes:
        raise OpenidScopeMissing()
    return scopes


def check_scopes_allowed(scopes: list[str], client: Client) -> list[str]:
    """Unknown scopes are dropped; known ones must be covered by the client's registration."""
    known = [s for s in scopes if s in KNOWN_SCOPES]
    allowed = base_scopes(client.scopes) | {"openid"}
    refused = [s for s in known if not base_scopes([s]) <= allowed]
    if refused:
        raise ScopeNotAllowed(f"requested scope is not allowed for this client: {' '.join(refused)}")
    return known


def select_acr(p: dict[str, str], platform: Platform) -> str:
    """The lowest offered level asked for; a level of the other platform is refused; else the default."""
    requested = p["acr_values"].split()
    chosen = platform.lowest_offered(requested)
    if chosen:
        return chosen
    foreign = [a for a in requested if a in EIDAS_LEVELS]
    if foreign:
        expected, got = " ".join(platform.acr_values), " ".join(foreign)
        raise AcrNotOffered(f"invalid acr_values, expected {expected}, got {got}")
    return platform.default_acr


def check_prompt_allowed(prompts: list[str], client: Client) -> None:
    refused = [v for v in prompts if v not in client.prompts]
    if refused:
        raise PromptNotAllowed(f"prompt not allowed for this client: {' '.join(refused)}")


def check_amr_allowed(claims: dict[str, Any], client: Client) -> bool:
    requested = "amr" in claims.get("id_token", {})
    if requested and "amr" not in client.claims:
        raise AmrNotAllowed()
    return requested


def check_idp_hint(p: dict[str, str], client: Client, catalogue: Catalogue, acr: str) -> str | None:
    hint = p.get("idp_hint")
    if hint is None:
        return None
    provider = catalogue.provider(hint)
    usable = provider is not None and provider.offers(acr)
    if not usable or (client.identity_providers and hint not in client.identity_providers):
        raise UnknownIdpHint()
    return hint


def check_shape(params: MultiDict[str, str], reject_unknown: bool
                ) -> tuple[dict[str, str], list[str], dict[str, Any]]:
    """The request's shape, before anything else (any fault: the page Y030007)."""
    p = check_single_values(params)
    check_sizes(p)
    check_known_parameters(p, reject_unknown)
    check_required(p)
    check_nonce_length(p)
    prompts = check_prompt_values(p)
    check_redirect_uri_is_url(p)
    return p, prompts, check_claims_json(p)


def run_checks(params: MultiDict[str, str], clients: ClientRegistry, catalogue: Catalogue,
               reject_unknown: bool) -> AuthorizationRequest:
    noted = trace()
    noted.observe(nonce_length=len(params.get("nonce", "")), state_length=len(params.get("state", "")),
                  acr_values=params.get("acr_values"), prompt=params.get("prompt"))
    try:
        p, prompts, claims = check_shape(params, reject_unknown)
    except InvalidAuthorizeRequest:
        noted.file_under(params.get("client_id"), clients.get)
        raise
    client = check_client(p, clients)
    redirect_uri = check_redirect_uri_registered(p, client)
    try:
        check_response_type(p)
        scopes = check_scopes_allowed(check_openid_scope(p), client)
        acr = select_acr(p, client.profile)
        check_prompt_allowed(prompts, client)
    except RedirectError as error:
        error.redirect_uri, error.state = redirect_uri, p["state"]
        raise
    amr = check_amr_allowed(claims, client)
    hint = check_idp_hint(p, client, catalogue, acr)
    return AuthorizationRequest(client_id=client.client_id, redirect_uri=redirect_uri, state=p["state"],
                                nonce=p["nonce"], scopes=scopes, acr=acr, prompts=prompts, amr_requested=amr,
                                idp_hint=hint, ui_locales=p.get("ui_locales"))
