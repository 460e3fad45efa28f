"""authlib's authorization server, configured for the portal: code + PKCE S256, JWT tokens.

Checks specific to this provider live in ``checks.py`` and run before authlib's own; this
module only adapts authlib to our storage, keys and interactions.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from secrets import token_urlsafe
from typing import Any

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import OAuth2Error, OAuth2Request
from authlib.oauth2.rfc6749.errors import (
    InvalidClientError,
    InvalidGrantError,
    InvalidRequestError,
    UnauthorizedClientError,
)
from authlib.oauth2.rfc6749.grants import AuthorizationCodeGrant
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oauth2.rfc9207 import IssuerParameter
from authlib.oidc.core import OpenIDCode
from flask import Flask, Response, g

from idp.context import Idp
from idp.oidc import checks, store
from idp.oidc import claims as user_claims
from idp.oidc.clients import find_client
from idp.oidc.models import AuthorizationCode, OidcClient
from idp.oidc.retention import Retention
from shared.hashing import token_digest
from shared.keys import KeyRing, SigningKeyObject
from shared.oidc import channel_claim
from shared.oidc.errors import InvalidRequest, OidcError, protocol_description
from shared.oidc.jwt import claims_of, sign
from shared.timeutil import utcnow
from shared.trace import instrument

CODE_LIFETIME = timedelta(seconds=60)
ACCESS_TOKEN_SECONDS = 300
ID_TOKEN_SECONDS = 300
REPLAYED_NONCE = "Ce nonce a déjà servi pour ce client (rejeu ?)."

# authlib's own errors at the token endpoint (authlib 1.9) as the portal says them; the ``error``
# codes stay as RFC 6749 §5.2 spells them. A description not listed falls back to its code's sentence.
AUTHLIB_IN_FRENCH = {
    "Missing 'code' in request.": "Le paramètre « code » est obligatoire.",
    "Invalid 'code' in request.":
        "Le code d'autorisation est inconnu, expiré, déjà utilisé ou délivré à un autre client.",
    "Invalid 'redirect_uri' in request.": "« redirect_uri » diffère de celle de la demande d'autorisation.",
    "Missing 'code_verifier'": "Le paramètre « code_verifier » (PKCE) est obligatoire.",
    "Invalid 'code_verifier'":
        "« code_verifier » est mal formé (43 à 128 caractères non réservés, RFC 7636 §4.1).",
    "Code challenge failed.":
        "« code_verifier » ne correspond pas au « code_challenge » de la demande d'autorisation.",
}
FRENCH_BY_CODE = {
    "invalid_request": "La requête est invalide.",
    "invalid_client": checks.CLIENT_REFUSED,
    "invalid_grant": "Le code d'autorisation est refusé.",
    "unauthorized_client": "Ce client n'est pas autorisé à utiliser ce type d'autorisation.",
    "unsupported_grant_type": "Seul « grant_type=authorization_code » est pris en charge.",
    "invalid_scope": "La portée demandée est invalide.",
}


@dataclass(frozen=True)
class AuthenticatedVoter:
    """Who the code is for and how they authenticated (handed to authlib as the grant user)."""

    voter_id: int
    sub: str
    sid: str
    auth_time: int
    acr: str
    amr: tuple[str, ...]
    channel: str | None = None  # the réassort channel, encrypted to the client (channel_claim)

    def get_user_id(self) -> str:
        return self.sub


class StoredRequest(OAuth2Request):
    """An authorization request replayed from the session after an interaction (login, step-up)."""

    def __init__(self, params: dict[str, str], uri: str) -> None:
        super().__init__("GET", uri, headers={})
        self.payload = BasicOAuth2Payload(params)

    @property
    def args(self) -> dict[str, str]:
        return self.payload.data

    @property
    def form(self) -> dict[str, str]:
        return {}


def in_french(error: OAuth2Error) -> OAuth2Error:
    """``error`` with a French description (ASCII, as RFC 6749 §5.2 requires), unless it has one."""
    if not getattr(error, "said_in_french", False):
        text = AUTHLIB_IN_FRENCH.get(error.description or "")
        text = text or FRENCH_BY_CODE.get(str(error.error), "La requête est refusée.")
        error.description = protocol_description(text)
    return error


def oauth2_error(error: OidcError, *, status: int | None = None) -> OAuth2Error:
    """One of our protocol errors as authlib raises it (``status`` 401 for a Basic attempt)."""
    kind = InvalidClientError if error.error == "invalid_client" else OAuth2Error
    converted = kind(description=protocol_description(error.description), status_code=status,
                     error=error.error)
    converted.said_in_french = True
    return converted


class ElectionsServer(AuthorizationServer):
    def create_oauth2_request(self, request: object) -> OAuth2Request:
        if isinstance(request, OAuth2Request):
            return request
        return super().create_oauth2_request(request)

    def create_token_response(self, request: Any = None) -> Response:
        """RFC 6749 §5.2: a missing ``grant_type`` is a missing parameter (``invalid_request``);
        ``unsupported_grant_type`` is for a type the portal does not offer."""
        request = self.create_oauth2_request(request)
        if not request.payload.grant_type:
            missing = InvalidRequest("Le paramètre « grant_type » est obligatoire.")
            return self.handle_error_response(request, oauth2_error(missing))
        return super().create_token_response(request)

    def authenticate_client(self, request: OAuth2Request, methods: list[str],
                            endpoint: str = "token") -> OidcClient:
        """The client, by the portal's checks (``checks.authenticate_client``) and not authlib's:
        one method per request, one description for every ``invalid_client``."""
        authorization = request.headers.get("Authorization", "")
        try:
            client = checks.authenticate_client(request.form, authorization, instrument.endpoint_checks())
        except OidcError as error:
            # RFC 6749 §5.2: 401 with WWW-Authenticate when the client tried the Authorization header.
            basic = authorization != "" and error.error == "invalid_client"
            raise oauth2_error(error, status=401 if basic else None) from error
        request.auth_method = client.auth_method
        return client

    def handle_error_response(self, request: OAuth2Request, error: OAuth2Error) -> Response:
        return super().handle_error_response(request, in_french(error))


class S256Only(CodeChallenge):
    """RFC 9700 §2.1.1: ``plain`` is refused; checks.pkce_s256 already requires S256."""

    DEFAULT_CODE_CHALLENGE_METHOD = "S256"
    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]


def single_values(grant: CodeGrant) -> None:
    """RFC 6749 §3.2: request parameters MUST NOT be included more than once."""
    for name, values in grant.request.payload.datalist.items():
        if len(values) > 1:
            raise oauth2_error(InvalidRequest(f"Le paramètre « {name} » est répété."))


def granted_type(grant: CodeGrant, client: OidcClient) -> None:
    """RFC 6749 §5.2: a grant type the client is not registered for is ``unauthorized_client``."""
    if not client.check_grant_type(grant.GRANT_TYPE):
        raise UnauthorizedClientError(f"The client is not authorized to use 'grant_type={grant.GRANT_TYPE}'")


def code_present(grant: CodeGrant, client: OidcClient) -> None:
    """RFC 6749 §4.1.3: ``code`` is required."""
    if grant.request.form.get("code") is None:
        raise InvalidRequestError("Missing 'code' in request.")


def code_redeemable(grant: CodeGrant, client: OidcClient) -> None:
    """RFC 6749 §4.1.3: issued to this client, unexpired and unused (a replay revokes, RFC 9700 §4.5)."""
    authorization_code = grant.query_authorization_code(grant.request.form["code"], client)
    if not authorization_code:
        raise InvalidGrantError("Invalid 'code' in request.")
    grant.request.authorization_code = authorization_code


def same_redirect_uri(grant: CodeGrant, client: OidcClient) -> None:
    """RFC 6749 §4.1.3: the ``redirect_uri`` of the authorization request, identical."""
    original = grant.request.authorization_code.get_redirect_uri()
    if original and grant.request.payload.redirect_uri != original:
        raise InvalidGrantError("Invalid 'redirect_uri' in request.")


def pkce_verifier(grant: CodeGrant, client: OidcClient) -> None:
    """RFC 7636 §4.6: the verifier matches the code's S256 challenge (authlib's hook, ``S256Only``)."""
    grant.execute_hook("after_validate_token_request", None)


GrantCheck = Callable[["CodeGrant", OidcClient], None]
GRANT_CHECKS: tuple[GrantCheck, ...] = (granted_type, code_present, code_redeemable, same_redirect_uri,
                                        pkce_verifier)


class CodeGrant(AuthorizationCodeGrant):
    ctx: Idp
    retention: Retention

    def validate_token_request(self) -> None:
        """RFC 6749 §4.1.3 as named checks noted in the trace, as authorize's are: the request's,
        the client's (``checks.authenticate_client``), then the code's. This replaces authlib's
        (1.9) own, which ran the same checks in the same order, unnamed."""
        log = instrument.endpoint_checks()
        log.run((single_values,), self)
        client = self.request.client = self.authenticate_token_endpoint_client()
        log.run(GRANT_CHECKS, self, client)

    def save_authorization_code(self, code: str, request: OAuth2Request) -> None:
        user: AuthenticatedVoter = request.user
        data = request.payload.data
        store.save_code(
            self.ctx.db, digest=token_digest(code), client_id=request.client.client_id,
            redirect_uri=data["redirect_uri"], scope=request.scope, nonce=data.get("nonce"),
            code_challenge=data["code_challenge"], code_challenge_method="S256",
            voter_id=user.voter_id, sid=user.sid, auth_time=user.auth_time, acr=user.acr,
            amr=" ".join(user.amr), expires_at=utcnow() + CODE_LIFETIME, used_at=None)
        if user.channel:  # a ciphertext for the client only; it waits as long as the code, no longer
            self.ctx.kv.put(channel_key(token_digest(code)), user.channel.encode(),
                            int(CODE_LIFETIME.total_seconds()))
        self.retention.now_and_then()

    def query_authorization_code(self, code: str, client: OidcClient) -> AuthorizationCode | None:
        """Single use: the first redemption wins; a replay revokes what the code gave (RFC 9700 §4.5)."""
        return store.consume_code(self.ctx.db, token_digest(code), client.client_id)

    def delete_authorization_code(self, authorization_code: AuthorizationCode) -> None:
        """Nothing to delete: the code is kept, marked used, so a replay can be recognised."""

    def authenticate_user(self, authorization_code: AuthorizationCode) -> AuthenticatedVoter:
        g.oidc_code_id = authorization_code.id
        code = authorization_code
        return AuthenticatedVoter(code.voter_id, user_claims.subject(self.ctx, code.voter_id), code.sid,
                                  code.auth_time, code.acr, tuple(code.get_amr()))


def channel_key(code_digest: str) -> str:
    return f"reassort-canal:{code_digest}"


class IdTokens(OpenIDCode):
    """ID tokens signed with the client's algorithm and the active key's ``kid``."""

    def __init__(self, ctx: Idp, keyring: KeyRing, issuer: str) -> None:
        super().__init__(require_nonce=False)
        self.ctx, self.keyring, self.issuer = ctx, keyring, issuer

    def exists_nonce(self, nonce: str, request: OAuth2Request) -> bool:
        """A nonce already used by this client is a replayed request. authlib asks twice per
        authorization (consent, then response): the indexed lookup runs once."""
        asked = (request.payload.client_id, nonce)
        if g.get("oidc_nonce_asked") != asked:
            g.oidc_nonce_used = store.nonce_used(self.ctx.db, asked[0], nonce)
            g.oidc_nonce_asked = asked
        return bool(g.oidc_nonce_used)

    def validate_openid_authorization_request(self, grant: AuthorizationCodeGrant,
                                              redirect_uri: str | None) -> None:
        """authlib's nonce check, said in French: a nonce this client already used is a replayed
        request (OIDC Core §15.5.2)."""
        nonce = grant.request.payload.data.get("nonce")
        if nonce and self.exists_nonce(nonce, grant.request):
            raise InvalidRequestError(protocol_description(REPLAYED_NONCE))

    def resolve_client_private_key(self, client: OidcClient) -> SigningKeyObject:
        return self.keyring.signing_key(client.id_token_alg).key

    def get_encode_header(self, client: OidcClient) -> dict[str, str]:
        key = self.keyring.signing_key(client.id_token_alg)
        return {"alg": client.id_token_alg, "kid": key.kid, "typ": "JWT"}

    def get_client_claims(self, client: OidcClient) -> dict[str, object]:
        now = int(time.time())
        return {"iss": self.issuer, "aud": client.client_id, "iat": now, "exp": now + ID_TOKEN_SECONDS}

    def get_authorization_code_claims(self, authorization_code: AuthorizationCode) -> dict[str, object]:
        claims = super().get_authorization_code_claims(authorization_code)
        claims["sid"] = authorization_code.sid
        claims["auth_time"] = authorization_code.auth_time  # always present
        channel = self.ctx.kv.take(channel_key(authorization_code.digest))
        if channel is not None:
            claims[channel_claim.CLAIM] = channel.decode()
        return claims

    def generate_user_info(self, user: AuthenticatedVoter, scope: str) -> dict[str, object]:
        return user_claims.for_scope(self.ctx, user.voter_id, scope)


class Issuer(IssuerParameter):
    def __init__(self, issuer: str) -> None:
        self.issuer = issuer

    def get_issuer(self) -> str:
        return self.issuer


def _jti(token: str) -> str:
    return str(claims_of(token)["jti"])


def create_server(app: Flask, ctx: Idp, keyring: KeyRing) -> ElectionsServer:
    """The configured authlib server (stored in ``app.extensions['oidc_server']``)."""
    issuer = ctx.settings.public_url

    def access_token(client: OidcClient, grant_type: str, user: AuthenticatedVoter, scope: str) -> str:
        """RFC 9068 JWT access token, audience the UserInfo resource of this issuer."""
        now = int(time.time())
        claims = {"iss": issuer, "sub": user.sub, "aud": issuer, "client_id": client.client_id,
                  "iat": now, "exp": now + ACCESS_TOKEN_SECONDS, "jti": token_urlsafe(16),
                  "scope": scope, "auth_time": user.auth_time, "acr": user.acr}
        return sign(keyring, "ES256", claims, typ="at+jwt")

    def save_token(token: dict[str, object], request: OAuth2Request) -> None:
        store.save_token(ctx.db, jti=_jti(str(token["access_token"])), code_id=g.get("oidc_code_id"),
                         client_id=request.client.client_id, voter_id=request.user.voter_id,
                         scope=str(token.get("scope", "")),
                         expires_at=utcnow() + timedelta(seconds=ACCESS_TOKEN_SECONDS), revoked_at=None)

    server = ElectionsServer(app, query_client=find_client, save_token=save_token)
    server.register_token_generator("default", BearerTokenGenerator(
        access_token_generator=access_token, refresh_token_generator=None,
        expires_generator=lambda client, grant_type: ACCESS_TOKEN_SECONDS))
    CodeGrant.ctx = ctx
    CodeGrant.retention = Retention(ctx.db)
    server.register_grant(CodeGrant, [S256Only(required=True), IdTokens(ctx, keyring, issuer)])
    server.register_extension(Issuer(issuer))
    return server
