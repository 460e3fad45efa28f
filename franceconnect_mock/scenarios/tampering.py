"""The adversarial shapes a scenario can give a response: one small named function each.

The scenarios file picks a function by name and gives its parameters; nothing here knows which
client or login asked for it. JWT tampers return the compact token the client receives (the
FranceConnect+ JWE wrapping happens afterwards, so the client's inner checks are what is tested).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from joserfc.jwk import ECKey, RSAKey

from franceconnect_mock.protocol.grants import AuthorizationResponse
from franceconnect_mock.protocol.jose import Signer, b64url, unsigned_token

Claims = dict[str, Any]
JwtTamper = Callable[[Claims, Signer, Mapping[str, Any]], str]


ResponseTamper = Callable[[AuthorizationResponse, AuthorizationResponse | None, Mapping[str, Any]],
                          AuthorizationResponse]


def flip_signature(claims: Claims, signer: Signer, _params: Mapping[str, Any]) -> str:
    """A genuine token whose signature has one bit changed."""
    head, payload, signature = signer.sign(claims).split(".")
    raw = bytearray(base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)))
    raw[len(raw) // 2] ^= 0x01
    return f"{head}.{payload}.{b64url(bytes(raw))}"


def unknown_kid(claims: Claims, signer: Signer, _params: Mapping[str, Any]) -> str:
    """Signed by a throwaway key the JWKS never publishes, so a refetch cannot find it."""
    key: ECKey | RSAKey = ECKey.generate_key("P-256") if signer.alg == "ES256" else RSAKey.generate_key(2048)
    return signer.sign_with(key, "inconnu-" + secrets.token_hex(8), claims)


def alg_none(claims: Claims, _signer: Signer, _params: Mapping[str, Any]) -> str:
    """RFC 7519 §6 unsecured JWT: ``alg: none`` and an empty signature."""
    return unsigned_token({"alg": "none", "typ": "JWT"}, claims)


def hs256_public_key(claims: Claims, signer: Signer, _params: Mapping[str, Any]) -> str:
    """HS256 keyed with the PEM of the published public key (the classic algorithm confusion)."""
    kid = signer.keyring.signing_key(signer.alg).kid
    head_and_claims = unsigned_token({"alg": "HS256", "typ": "JWT", "kid": kid}, claims).rsplit(".", 1)[0]
    mac = hmac.new(signer.public_pem(), head_and_claims.encode(), hashlib.sha256).digest()
    return f"{head_and_claims}.{b64url(mac)}"


def override_claims(claims: Claims, signer: Signer, params: Mapping[str, Any]) -> str:
    """Properly signed, with some claims replaced (``aud``, ``iss``, ``nonce``…)."""
    return signer.sign({**claims, **params})


def shift_times(claims: Claims, signer: Signer, params: Mapping[str, Any]) -> str:
    """Properly signed, with ``iat``, ``exp`` and ``auth_time`` moved by ``seconds``."""
    moved = {k: (v + params["seconds"] if k in ("iat", "exp", "auth_time") else v) for k, v in claims.items()}
    return signer.sign(moved)


def downgrade_acr(claims: Claims, signer: Signer, params: Mapping[str, Any]) -> str:
    """Properly signed, with ``acr`` replaced by the lower level the mapping gives."""
    if "acr" not in claims:
        return signer.sign(claims)
    return signer.sign({**claims, "acr": params.get(claims["acr"], claims["acr"])})


def replay_previous_response(response: AuthorizationResponse, previous: AuthorizationResponse | None,
                             _params: Mapping[str, Any]) -> AuthorizationResponse:
    """The code and state of this client's previous sign-in (none yet: the response is unchanged)."""
    return previous or response


def alter_state(response: AuthorizationResponse, _previous: AuthorizationResponse | None,
                _params: Mapping[str, Any]) -> AuthorizationResponse:
    """The same code with a state that differs by its last character."""
    last = response.state[-1:] or "x"
    return replace(response, state=response.state[:-1] + ("B" if last == "A" else "A"))


def _no_params(params: Mapping[str, Any]) -> str | None:
    return None if not params else "aucun paramètre attendu"


def _claims_params(params: Mapping[str, Any]) -> str | None:
    allowed = {"aud", "iss", "nonce", "sub", "acr"}
    if not params or set(params) - allowed or not all(isinstance(v, str) for v in params.values()):
        return f"objet non vide de chaînes, clés parmi {', '.join(sorted(allowed))}"
    return None


def _seconds_param(params: Mapping[str, Any]) -> str | None:
    ok = set(params) == {"seconds"} and isinstance(params["seconds"], int) and params["seconds"] != 0
    return None if ok else '{"seconds": entier non nul}'


def _acr_mapping(params: Mapping[str, Any]) -> str | None:
    ok = bool(params) and all(isinstance(k, str) and isinstance(v, str) for k, v in params.items())
    return None if ok else "correspondance acr demandé → acr renvoyé"


# name → (function, parameter check). The scenarios file may only name these.
JWT_TAMPERS: dict[str, tuple[JwtTamper, Callable[[Mapping[str, Any]], str | None]]] = {
    "flip_signature": (flip_signature, _no_params),
    "unknown_kid": (unknown_kid, _no_params),
    "alg_none": (alg_none, _no_params),
    "hs256_public_key": (hs256_public_key, _no_params),
    "override_claims": (override_claims, _claims_params),
    "shift_times": (shift_times, _seconds_param),
    "downgrade_acr": (downgrade_acr, _acr_mapping),
}
RESPONSE_TAMPERS: dict[str, tuple[ResponseTamper, Callable[[Mapping[str, Any]], str | None]]] = {
    "replay_previous_response": (replay_previous_response, _no_params),
    "alter_state": (alter_state, _no_params),
}
