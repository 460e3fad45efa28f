"""The token and revocation endpoints' checks, in order: request shape, client, grant.

Client authentication is ``client_secret_post`` or ``private_key_jwt`` (RFC 7523) only: the real
service refuses ``client_secret_basic`` with 401 ``invalid_client``, so does the mock.
"""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import unquote_plus

from flask import Request
from werkzeug.datastructures import MultiDict

from franceconnect_mock.clients.keys import ClientKeys, ClientKeysUnavailable
from franceconnect_mock.clients.store import Client, ClientRegistry
from franceconnect_mock.clock import MockClock
from franceconnect_mock.config import FcConfig
from franceconnect_mock.journal.trace import trace
from franceconnect_mock.protocol.errors import (
    BasicAuthenticationRefused,
    ClientAuthenticationFailed,
    CodeNotForThisClient,
    MalformedTokenRequest,
    RedirectUriMismatch,
    UnsupportedGrantType,
)
from franceconnect_mock.protocol.grants import Grant, GrantStore
from franceconnect_mock.protocol.jose import peek, verify_client_assertion

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
MAX_ASSERTION_LIFETIME = 300  # seconds between now and an assertion's exp (RFC 7523 §3, item 4)


def check_form(request: Request, clients: ClientRegistry) -> dict[str, str]:
    if request.mimetype != "application/x-www-form-urlencoded":
        raise MalformedTokenRequest("only application/x-www-form-urlencoded content is processed")
    form: MultiDict[str, str] = request.form
    repeated = sorted(k for k in form if len(form.getlist(k)) > 1)
    if repeated:
        trace().file_under(form.get("client_id"), clients.get)
        raise MalformedTokenRequest(f"parameters must not be provided twice: {', '.join(repeated)}")
    return {k: form[k] for k in form}


def check_no_basic_auth(request: Request, clients: ClientRegistry) -> None:
    header = request.headers.get("Authorization", "")
    if not header.lower().startswith("basic "):
        return
    noted = trace()
    noted.observe(auth_method="client_secret_basic")
    try:  # only to file the refusal under the client in the log (RFC 6749 §2.3.1 encoding)
        claimed = unquote_plus(base64.b64decode(header[6:].strip()).decode().split(":", 1)[0])
    except (ValueError, UnicodeDecodeError):
        claimed = ""
    noted.client_id = claimed if clients.get(claimed) else None
    raise BasicAuthenticationRefused()


def _registered_client(client_id: str, clients: ClientRegistry, method: str) -> Client:
    client = clients.get(client_id)
    if client is None or not client.enabled:
        raise ClientAuthenticationFailed("client authentication failed (unknown client)")
    trace().client_id = client.client_id
    if client.auth_method != method:
        raise ClientAuthenticationFailed("the registered client token_endpoint_auth_method does not match "
                                         "the provided auth mechanism")
    return client


def authenticate_secret_post(p: dict[str, str], clients: ClientRegistry) -> Client:
    client = _registered_client(p.get("client_id", ""), clients, "client_secret_post")
    if not ClientRegistry.secret_matches(client, p["client_secret"]):
        raise ClientAuthenticationFailed("client authentication failed (invalid secret provided)")
    return client


def _assertion_keys(client: Client, keys: ClientKeys, header: dict[str, Any]) -> Any:
    try:
        found = keys.for_client(client)
        if header.get("kid") and all(k.kid != header["kid"] for k in found.keys):
            found = keys.for_client(client, refresh=True)  # the client may have rotated
        return found
    except ClientKeysUnavailable as exc:
        raise ClientAuthenticationFailed(f"client authentication failed (keys unavailable: {exc})") from exc


def authenticate_private_key_jwt(p: dict[str, str], clients: ClientRegistry, keys: ClientKeys,
                                 grants: GrantStore, clock: MockClock, config: FcConfig) -> Client:
    if p.get("client_assertion_type") != ASSERTION_TYPE:
        raise ClientAuthenticationFailed(f"client_assertion_type must be {ASSERTION_TYPE}")
    header, unverified = peek(p["client_assertion"])
    claimed = (unverified or {}).get("iss")
    if not isinstance(claimed, str) or ("client_id" in p and p["client_id"] != claimed):
        raise ClientAuthenticationFailed("client_assertion iss does not designate the client")
    client = _registered_client(claimed, clients, "private_key_jwt")
    trace().jwt("client_assertion", p["client_assertion"])
    try:
        _, claims = verify_client_assertion(p["client_assertion"], _assertion_keys(client, keys, header))
    except ValueError as exc:
        raise ClientAuthenticationFailed(f"client authentication failed (invalid assertion: {exc})") from exc
    audience = claims.get("aud")
    audiences: list[Any] = audience if isinstance(audience, list) else [audience]
    now, exp = clock.now(), claims.get("exp")
    if claims.get("sub") != client.client_id:
        raise ClientAuthenticationFailed("client_assertion sub must be the client_id")
    if not {config.endpoint("token"), config.issuer} & set(audiences):
        raise ClientAuthenticationFailed("client_assertion aud must be the token endpoint or the issuer")
    if not isinstance(exp, int) or exp <= now or exp > now + MAX_ASSERTION_LIFETIME:
        raise ClientAuthenticationFailed("client_assertion expired or valid too long")
    if not isinstance(claims.get("jti"), str) or not grants.use_assertion_id(client.client_id, claims["jti"],
                                                                            exp - now):
        raise ClientAuthenticationFailed("client_assertion jti missing or already used")
    return client


def authenticate_client(request: Request, p: dict[str, str], clients: ClientRegistry, keys: ClientKeys,
                        grants: GrantStore, clock: MockClock, config: FcConfig) -> Client:
    check_no_basic_auth(request, clients)
    if "client_assertion" in p:
        trace().observe(auth_method="private_key_jwt")
        return authenticate_private_key_jwt(p, clients, keys, grants, clock, config)
    if "client_secret" in p:
        trace().observe(auth_method="client_secret_post")
        return authenticate_secret_post(p, clients)
    if p.get("client_id"):
        trace().client_id = p["client_id"] if clients.get(p["client_id"]) else None
    raise ClientAuthenticationFailed("no client authentication mechanism provided")


def check_grant_type(p: dict[str, str]) -> None:
    if "grant_type" not in p:
        raise MalformedTokenRequest("missing required parameter 'grant_type'")
    if p["grant_type"] != "authorization_code":
        raise UnsupportedGrantType()


def check_code_present(p: dict[str, str]) -> str:
    if not p.get("code"):
        raise MalformedTokenRequest("missing required parameter 'code'")
    return p["code"]


def check_redirect_uri_present(p: dict[str, str]) -> str:
    if not p.get("redirect_uri"):
        raise MalformedTokenRequest("missing required parameter 'redirect_uri'")
    return p["redirect_uri"]


def check_grant_matches(grant: Grant, client: Client, redirect_uri: str) -> None:
    if grant.client_id != client.client_id:
        raise CodeNotForThisClient()
    if grant.redirect_uri != redirect_uri:
        raise RedirectUriMismatch()
