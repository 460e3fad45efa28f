"""authlib's authorization server, configured for the portal: code + PKCE S256, JWT tokens.

Checks specific to this provider live in ``checks.py`` and run before authlib's own; this
module only adapts authlib to our storage, keys and interactions.
"""

from __future__ import annotations

import base64
import json
import time
from dataclasses import dataclass
from datetime import timedelta
from secrets import token_urlsafe

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import OAuth2Request
from authlib.oauth2.rfc6749.errors import InvalidClientError, InvalidRequestError
from authlib.oauth2.rfc6749.grants import AuthorizationCodeGrant
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from authlib.oauth2.rfc7523 import JWTBearerClientAssertion
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oauth2.rfc9207 import IssuerParameter
from authlib.oidc.core import OpenIDCode
from flask import Flask, g
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from idp.context import Idp
from idp.oidc import claims as user_claims
from idp.oidc import store
from idp.oidc.clients import find_client
from idp.oidc.models import AuthorizationCode, OidcClient
from idp.oidc.retention import Retention
from shared.hashing import token_digest
from shared.keys import KeyRing
from shared.oidc.errors import protocol_description
from shared.oidc.jwt import ALLOWED_ALGS, sign
from shared.timeutil import utcnow

CODE_LIFETIME = timedelta(seconds=60)
ACCESS_TOKEN_SECONDS = 300
ID_TOKEN_SECONDS = 300


@dataclass(frozen=True)
class AuthenticatedVoter:
    """Who the code is for and how they authenticated (handed to authlib as the grant user)."""

    voter_id: int
    sub: str
    sid: str
    auth_time: int
    acr: str
    amr: tuple[str, ...]

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


class ElectionsServer(AuthorizationServer):
    def create_oauth2_request(self, request):  # type: ignore[no-untyped-def]
        if isinstance(request, OAuth2Request):
            return request
        return super().create_oauth2_request(request)


class S256Only(CodeChallenge):
    """RFC 9700 §2.1.1: ``plain`` is refused; checks.pkce_s256 already requires S256."""

    DEFAULT_CODE_CHALLENGE_METHOD = "S256"
    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]


class CodeGrant(AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "private_key_jwt"]
    ctx: Idp
    retention: Retention

    def validate_token_request(self) -> None:
        """RFC 6749 §3.2: request parameters MUST NOT be included more than once."""
        for name, values in self.request.payload.datalist.items():
            if len(values) > 1:
                raise InvalidRequestError(protocol_description(f"Le paramètre « {name} » est répété."))
        super().validate_token_request()

    def save_authorization_code(self, code: str, request) -> None:  # type: ignore[no-untyped-def]
        user: AuthenticatedVoter = request.user
        data = request.payload.data
        store.save_code(
            self.ctx.db, digest=token_digest(code), client_id=request.client.client_id,
            redirect_uri=data["redirect_uri"], scope=request.scope, nonce=data.get("nonce"),
            code_challenge=data["code_challenge"], code_challenge_method="S256",
            voter_id=user.voter_id, sid=user.sid, auth_time=user.auth_time, acr=user.acr,
            amr=" ".join(user.amr), expires_at=utcnow() + CODE_LIFETIME, used_at=None)
        self.retention.now_and_then()

    def query_authorization_code(self, code: str, client: OidcClient):  # type: ignore[no-untyped-def]
        """Single use: the first redemption wins; a replay revokes what the code gave (RFC 9700 §4.5)."""
        return store.consume_code(self.ctx.db, token_digest(code), client.client_id)

    def delete_authorization_code(self, authorization_code: AuthorizationCode) -> None:
        """Nothing to delete: the code is kept, marked used, so a replay can be recognised."""

    def authenticate_user(self, authorization_code: AuthorizationCode) -> AuthenticatedVoter:
        g.oidc_code_id = authorization_code.id
        code = authorization_code
        return AuthenticatedVoter(code.voter_id, user_claims.subject(self.ctx, code.voter_id), code.sid,
                                  code.auth_time, code.acr, tuple(code.get_amr()))


class IdTokens(OpenIDCode):
    """ID tokens signed with the client's algorithm and the active key's ``kid``."""

    def __init__(self, ctx: Idp, keyring: KeyRing, issuer: str) -> None:
        super().__init__(require_nonce=False)
        self.ctx, self.keyring, self.issuer = ctx, keyring, issuer

    def exists_nonce(self, nonce: str, request) -> bool:  # type: ignore[no-untyped-def]
        """A nonce already used by this client is a replayed request. authlib asks twice per
        authorization (consent, then response): the indexed lookup runs once."""
        asked = (request.payload.client_id, nonce)
        if g.get("oidc_nonce_asked") != asked:
            g.oidc_nonce_used = store.nonce_used(self.ctx.db, asked[0], nonce)
            g.oidc_nonce_asked = asked
        return bool(g.oidc_nonce_used)

    def resolve_client_private_key(self, client: OidcClient):  # type: ignore[no-untyped-def]
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
        return claims

    def generate_user_info(self, user: AuthenticatedVoter, scope: str) -> dict[str, object]:
        return user_claims.for_scope(self.ctx, user.voter_id, scope)


class PrivateKeyJwt(JWTBearerClientAssertion):
    """``private_key_jwt`` (OIDC Core §9) with the client's registered JWKS and our allow-list."""

    CLIENT_AUTH_METHOD = "private_key_jwt"

    def __init__(self, ctx: Idp, audiences: list[str]) -> None:
        super().__init__(validate_jti=True)
        self.ctx, self.audiences = ctx, audiences

    def get_audiences(self) -> list[str]:
        return self.audiences

    def resolve_client_public_key(self, client: OidcClient) -> KeySet:
        if not client.jwks:
            raise InvalidClientError(description=protocol_description(
                "Aucune clé publique enregistrée pour ce client."))
        return KeySet.import_key_set(json.loads(client.jwks))

    def process_assertion_claims(self, assertion, resolve_key):  # type: ignore[no-untyped-def]
        try:
            token = jwt.decode(assertion, resolve_key, algorithms=ALLOWED_ALGS)
        except (JoseError, ValueError) as error:
            raise InvalidClientError(description="Assertion client invalide.") from error
        self.verify_claims(token.claims)
        return token.claims

    def validate_jti(self, claims, jti: str) -> bool:  # type: ignore[no-untyped-def]
        key = f"client-assertion:{claims['iss']}:{jti}"
        if self.ctx.kv.get(key) is not None:
            return False
        self.ctx.kv.put(key, b"1", 600)
        return True


class Issuer(IssuerParameter):
    def __init__(self, issuer: str) -> None:
        self.issuer = issuer

    def get_issuer(self) -> str:
        return self.issuer


def _jti(token: str) -> str:
    payload = token.split(".")[1]
    return str(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["jti"])


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

    def save_token(token: dict[str, object], request) -> None:  # type: ignore[no-untyped-def]
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
    server.register_client_auth_method(
        PrivateKeyJwt.CLIENT_AUTH_METHOD,
        PrivateKeyJwt(ctx, [f"{issuer}/oidc/token", issuer]))
    server.register_extension(Issuer(issuer))
    return server
