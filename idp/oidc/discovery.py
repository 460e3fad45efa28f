"""The discovery document (OpenID Connect Discovery 1.0 §3); the issuer is the public base URL."""

from __future__ import annotations

from idp.oidc.checks import PROMPTS
from idp.oidc.claims import CLAIMS_BY_SCOPE, SCOPES
from shared.oidc.acr import ACR_LEVELS
from shared.oidc.jwt import ALLOWED_ALGS


def document(issuer: str) -> dict[str, object]:
    claims = sorted({"sub", "auth_time", "acr", "amr", "sid", "nonce", "iss", "aud", "exp", "iat",
                     *(c for names in CLAIMS_BY_SCOPE.values() for c in names)})
    return {
        "issuer": issuer,
        "authorization_endpoint": f"{issuer}/oidc/authorize",
        "token_endpoint": f"{issuer}/oidc/token",
        "userinfo_endpoint": f"{issuer}/oidc/userinfo",
        "jwks_uri": f"{issuer}/oidc/jwks",
        "end_session_endpoint": f"{issuer}/oidc/logout",
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": list(ALLOWED_ALGS),
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post",
                                                  "private_key_jwt"],
        "token_endpoint_auth_signing_alg_values_supported": list(ALLOWED_ALGS),
        "code_challenge_methods_supported": ["S256"],
        "scopes_supported": list(SCOPES),
        "claims_supported": claims,
        "acr_values_supported": list(ACR_LEVELS),
        "prompt_values_supported": sorted(PROMPTS),
        "claims_parameter_supported": False,
        "request_parameter_supported": False,
        "request_uri_parameter_supported": False,
        "authorization_response_iss_parameter_supported": True,
        "backchannel_logout_supported": True,
        "backchannel_logout_session_supported": True,
        "frontchannel_logout_supported": False,
        "ui_locales_supported": ["fr-FR"],
    }
