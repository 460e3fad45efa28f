"""The rules a service provider registration obeys, shared by the console form and the admin API.

Exact redirect and logout URIs (no fragment), https except loopback hosts, which the v2 sandbox
accepts and FranceConnect+ refuses; scopes and claims FranceConnect knows; ES256 or RS256 (FC+:
ES256 only, plus an encryption algorithm and the client's keys); ``client_secret_post`` or
``private_key_jwt`` only (the real service refuses ``client_secret_basic``).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from franceconnect_mock.protocol.platforms import ENCRYPTION_ALGS, PLATFORMS, Platform
from franceconnect_mock.protocol.scopes import KNOWN_SCOPES

CLIENT_ID = re.compile(r"^[A-Za-z0-9._\-]{3,128}$")
AUTH_METHODS = ("client_secret_post", "private_key_jwt")
KINDS = ("public", "private")
PROMPTS = ("login", "consent")
CLAIMS = ("amr",)
LOOPBACK = ("localhost", "127.0.0.1", "::1")
MIN_SECRET = 32
FIELDS = ("client_id", "name", "redirect_uris", "post_logout_redirect_uris", "scopes", "claims",
          "signing_alg", "entity_id", "kind", "platform", "token_endpoint_auth_method", "client_secret",
          "jwks_uri", "jwks", "encryption_alg", "prompts", "identity_providers", "scenario", "enabled")


class RegistrationError(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class Registration:
    """A checked registration, ready to store (the secret still in clear, to be digested)."""

    client_id: str
    name: str
    redirect_uris: list[str]
    post_logout_redirect_uris: list[str]
    scopes: list[str]
    claims: list[str]
    signing_alg: str
    entity_id: str
    kind: str
    platform: str | None
    auth_method: str
    client_secret: str | None
    jwks_uri: str | None
    jwks: dict[str, Any] | None
    encryption_alg: str | None
    prompts: list[str]
    identity_providers: list[str]
    scenario: str | None
    enabled: bool


def uri_problem(uri: object, *, fc_plus: bool) -> str | None:
    if not isinstance(uri, str) or len(uri) > 500:
        return "URL de 500 caractères au plus"
    parts = urlsplit(uri)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return f"{uri} : URL absolue https:// attendue"
    if parts.fragment:
        return f"{uri} : pas de fragment (#…)"
    loopback = parts.hostname in LOOPBACK
    if fc_plus and loopback:
        return f"{uri} : les adresses locales sont refusées sur FranceConnect+"
    if parts.scheme == "http" and not loopback:
        return f"{uri} : https obligatoire (http seulement pour localhost, bac à sable v2)"
    return None


def _strings(value: object, name: str, errors: dict[str, str], allowed: Collection[str] | None = None,
             *, required: bool = False) -> list[str]:
    if value is None:
        value = []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        errors[name] = "liste de chaînes attendue"
        return []
    if required and not value:
        errors[name] = "au moins une valeur"
    if allowed is not None and set(value) - set(allowed):
        errors[name] = f"valeurs permises : {', '.join(sorted(allowed))}"
    return list(dict.fromkeys(value))


def _choice(value: object, name: str, allowed: Collection[str | None], errors: dict[str, str]) -> Any:
    if value not in allowed:
        errors[name] = f"valeurs permises : {', '.join(str(a) for a in allowed)}"
    return value


def _keys(data: Mapping[str, Any], errors: dict[str, str], fc_plus: bool) -> tuple[str | None, dict | None]:
    jwks_uri, jwks = data.get("jwks_uri") or None, data.get("jwks") or None
    if jwks_uri is not None:
        problem = uri_problem(jwks_uri, fc_plus=False)
        if problem:
            errors["jwks_uri"] = problem
    if jwks is not None:
        try:
            KeySet.import_key_set(jwks)
        except (JoseError, ValueError, TypeError, KeyError):
            errors["jwks"] = "JWKS invalide (objet {\"keys\": [...]} de clés publiques)"
    return jwks_uri, jwks


def validate_registration(data: Mapping[str, Any], *, instance_platform: Platform,
                          known_idps: Collection[str], known_scenarios: Collection[str],
                          current: Registration | None = None) -> Registration:
    """Check ``data`` (a full registration, or changes to ``current``) and return it completed."""
    unknown = set(data) - set(FIELDS)
    merged: dict[str, Any] = {**(_as_fields(current) if current else {}), **data}
    errors: dict[str, str] = {f: "champ inconnu" for f in sorted(unknown)}
    client_id = merged.get("client_id")
    if current is not None and client_id != current.client_id:
        errors["client_id"] = "ne se modifie pas"
    elif not isinstance(client_id, str) or not CLIENT_ID.match(client_id):
        errors["client_id"] = "3 à 128 lettres, chiffres, points, tirets ou soulignés"
    name = merged.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > 200:
        errors["name"] = "nom du service obligatoire (200 caractères au plus)"
    platform_name = _choice(merged.get("platform"), "platform", (None, *PLATFORMS), errors)
    platform = PLATFORMS.get(platform_name or instance_platform.name, instance_platform)
    redirect_uris = _strings(merged.get("redirect_uris"), "redirect_uris", errors, required=True)
    logout_uris = _strings(merged.get("post_logout_redirect_uris"), "post_logout_redirect_uris", errors)
    for field, uris in (("redirect_uris", redirect_uris), ("post_logout_redirect_uris", logout_uris)):
        problems = [p for p in (uri_problem(u, fc_plus=platform.encrypts) for u in uris) if p]
        if problems:
            errors[field] = problems[0]
    scopes = _strings(merged.get("scopes") or ["openid"], "scopes", errors, KNOWN_SCOPES)
    if "openid" not in scopes:
        errors["scopes"] = "openid est obligatoire"
    signing_alg = _choice(merged.get("signing_alg") or "ES256", "signing_alg", platform.signing_algs, errors)
    auth_method = _choice(merged.get("token_endpoint_auth_method") or "client_secret_post",
                          "token_endpoint_auth_method", AUTH_METHODS, errors)
    secret = merged.get("client_secret") or None
    if secret is not None and (not isinstance(secret, str) or len(secret) < MIN_SECRET):
        errors["client_secret"] = f"au moins {MIN_SECRET} caractères"
    jwks_uri, jwks = _keys(merged, errors, platform.encrypts)
    if auth_method == "private_key_jwt" and not (jwks_uri or jwks):
        errors["jwks_uri"] = "private_key_jwt demande jwks_uri (ou jwks)"
    encryption_alg = merged.get("encryption_alg") or None
    if platform.encrypts:
        encryption_alg = _choice(encryption_alg or "RSA-OAEP-256", "encryption_alg", ENCRYPTION_ALGS, errors)
        if not (jwks_uri or jwks):
            errors["jwks_uri"] = "FranceConnect+ chiffre vers la clé publiée par le client : jwks_uri requis"
    else:
        encryption_alg = None
    scenario = merged.get("scenario") or None
    _choice(scenario, "scenario", (None, *known_scenarios), errors)
    enabled = merged.get("enabled", True)
    if not isinstance(enabled, bool):
        errors["enabled"] = "booléen attendu"
    entity_id = merged.get("entity_id") or client_id
    if not isinstance(entity_id, str) or not 1 <= len(entity_id) <= 128:
        errors["entity_id"] = "128 caractères au plus"
    registration = Registration(
        client_id=str(client_id), name=str(name).strip() if isinstance(name, str) else "",
        redirect_uris=redirect_uris, post_logout_redirect_uris=logout_uris, scopes=scopes,
        claims=_strings(merged.get("claims"), "claims", errors, CLAIMS), signing_alg=signing_alg,
        entity_id=str(entity_id), kind=_choice(merged.get("kind") or "private", "kind", KINDS, errors),
        platform=platform_name, auth_method=auth_method, client_secret=secret, jwks_uri=jwks_uri, jwks=jwks,
        encryption_alg=encryption_alg,
        prompts=_strings(merged.get("prompts", list(PROMPTS)), "prompts", errors, PROMPTS),
        identity_providers=_strings(merged.get("identity_providers"), "identity_providers", errors,
                                    known_idps),
        scenario=scenario, enabled=bool(enabled))
    if errors:
        raise RegistrationError(errors)
    return registration


def _as_fields(current: Registration) -> dict[str, Any]:
    return {"client_id": current.client_id, "name": current.name, "redirect_uris": current.redirect_uris,
            "post_logout_redirect_uris": current.post_logout_redirect_uris, "scopes": current.scopes,
            "claims": current.claims, "signing_alg": current.signing_alg, "entity_id": current.entity_id,
            "kind": current.kind, "platform": current.platform,
            "token_endpoint_auth_method": current.auth_method, "jwks_uri": current.jwks_uri,
            "jwks": current.jwks, "encryption_alg": current.encryption_alg, "prompts": current.prompts,
            "identity_providers": current.identity_providers, "scenario": current.scenario,
            "enabled": current.enabled}
