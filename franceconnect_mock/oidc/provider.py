"""The OpenID provider: each endpoint's checks in order, then the one service that answers.

Views hand it the request and render what it returns; every refusal is an :class:`FcError`.
"""

from __future__ import annotations

from typing import Any

from flask import Request
from werkzeug.datastructures import MultiDict

from franceconnect_mock.context import FcMock
from franceconnect_mock.journal.trace import trace
from franceconnect_mock.oidc.checks import authorize, logout, token, userinfo
from franceconnect_mock.oidc.checks.authorize import AuthorizationRequest
from franceconnect_mock.oidc.responses import client_url
from franceconnect_mock.oidc.tokens import TokenIssuer
from franceconnect_mock.protocol.errors import CodeAlreadyUsed, InvalidAccessToken, MalformedTokenRequest
from franceconnect_mock.protocol.platforms import ENCRYPTION_ALGS, ENCRYPTION_ENC
from franceconnect_mock.protocol.scopes import SCOPE_ALIASES, SCOPE_CLAIMS
from franceconnect_mock.scenarios.service import ScenarioApplier


class Provider:
    def __init__(self, ctx: FcMock) -> None:
        self.ctx = ctx
        self.scenarios = ScenarioApplier(ctx.scenarios, ctx.grants)
        self.issuer = TokenIssuer(ctx.config.issuer, ctx.keyring, ctx.clock, ctx.grants, ctx.client_keys,
                                  self.scenarios)

    def discovery(self) -> dict[str, Any]:
        config, platform = self.ctx.config, self.ctx.config.platform
        document: dict[str, Any] = {
            "issuer": config.issuer,
            "authorization_endpoint": config.endpoint("authorize"),
            "token_endpoint": config.endpoint("token"),
            "userinfo_endpoint": config.endpoint("userinfo"),
            "end_session_endpoint": config.endpoint("session/end"),
            "revocation_endpoint": config.endpoint("token/revocation"),
            "jwks_uri": config.endpoint("jwks"),
            "scopes_supported": [*SCOPE_CLAIMS, *SCOPE_ALIASES],
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["pairwise"],
            "acr_values_supported": list(platform.acr_values),
            "claims_parameter_supported": True,
            "request_parameter_supported": False,
            "request_uri_parameter_supported": False,
            "prompt_values_supported": list(authorize.PROMPTS),
            "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt"],
            "token_endpoint_auth_signing_alg_values_supported": ["ES256", "RS256"],
            "id_token_signing_alg_values_supported": list(platform.signing_algs),
            "userinfo_signing_alg_values_supported": list(platform.signing_algs),
            "claims_supported": sorted({c for claims in SCOPE_CLAIMS.values() for c in claims}
                                       | {"iss", "aud", "exp", "iat", "auth_time", "acr", "nonce",
                                          "at_hash"}),
        }
        if platform.encrypts:
            for what in ("id_token", "userinfo"):
                document[f"{what}_encryption_alg_values_supported"] = list(ENCRYPTION_ALGS)
                document[f"{what}_encryption_enc_values_supported"] = [ENCRYPTION_ENC]
        return document

    def authorize(self, params: MultiDict[str, str]) -> AuthorizationRequest:
        return authorize.run_checks(params, self.ctx.clients, self.ctx.identities.catalogue,
                                    self.ctx.config.reject_unknown_parameters)

    def token(self, request: Request) -> dict[str, Any]:
        ctx = self.ctx
        p = token.check_form(request, ctx.clients)
        client = token.authenticate_client(request, p, ctx.clients, ctx.client_keys, ctx.grants, ctx.clock,
                                           ctx.config)
        token.check_grant_type(p)
        code = token.check_code_present(p)
        try:
            grant = ctx.grants.redeem_code(code)
        except CodeAlreadyUsed:
            trace().scenario = ctx.grants.replayed_by(code)
            raise
        noted = trace()
        noted.flow, noted.scenario = grant.flow, noted.scenario or grant.scenario
        token.check_grant_matches(grant, client, token.check_redirect_uri_present(p))
        return self.issuer.token_response(grant, code, client)

    def userinfo(self, request: Request) -> str:
        record = userinfo.check_token_live(userinfo.check_token_present(request), self.ctx.grants)
        trace().scenario = record.scenario
        client = self.ctx.clients.get(record.client_id)
        if client is None:
            raise InvalidAccessToken("invalid token provided (client removed)")
        return self.issuer.userinfo(record, client)

    def revoke(self, request: Request) -> None:
        ctx = self.ctx
        p = token.check_form(request, ctx.clients)
        client = token.authenticate_client(request, p, ctx.clients, ctx.client_keys, ctx.grants, ctx.clock,
                                           ctx.config)
        if not p.get("token"):
            raise MalformedTokenRequest("missing required parameter 'token'")
        # RFC 7009 §2.2: the answer is 200 whether or not the token was known.
        trace().observe(revoked=ctx.grants.revoke_access_token(p["token"], client.client_id))

    def end_session(self, params: MultiDict[str, str], fc_session: dict[str, Any] | None) -> str:
        """The URL to send the browser back to once FranceConnect's session is over."""
        p = logout.check_single_values(params)
        logout.check_required(p)
        claims = logout.check_hint_signature(p, self.ctx.keyring, self.ctx.config.issuer)
        client = logout.check_hint_audience(claims, self.ctx.clients)
        target = logout.check_post_logout_uri(p, client)
        logout.check_live_session(fc_session, claims, client, self.ctx.clock.now())
        return client_url(target, {"state": p["state"]})
