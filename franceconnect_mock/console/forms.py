"""Console forms to the dictionaries the registry and the identity directory check.

The HTML forms and the admin API feed the same validators (``validate_registration``,
``parse_identity``); this module only reads form fields into that shape.
"""

from __future__ import annotations

import json
from typing import Any

from werkzeug.datastructures import MultiDict

IDENTITY_FIELDS = ("login", "label", "given_name", "family_name", "preferred_username", "gender", "birthdate",
                   "birthplace", "birthcountry", "email")


class FormError(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(str(errors))
        self.errors = errors


def _lines(value: str | None) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


def registration_from_form(form: MultiDict[str, str], creating: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": form.get("name", "").strip(), "redirect_uris": _lines(form.get("redirect_uris")),
        "post_logout_redirect_uris": _lines(form.get("post_logout_redirect_uris")),
        "scopes": form.getlist("scopes"), "claims": form.getlist("claims"),
        "signing_alg": form.get("signing_alg") or None,
        "entity_id": form.get("entity_id", "").strip() or None,
        "kind": form.get("kind") or None, "platform": form.get("platform") or None,
        "token_endpoint_auth_method": form.get("token_endpoint_auth_method") or None,
        "jwks_uri": form.get("jwks_uri", "").strip() or None,
        "encryption_alg": form.get("encryption_alg") or None, "prompts": form.getlist("prompts"),
        "identity_providers": form.getlist("identity_providers"), "scenario": form.get("scenario") or None,
        "enabled": form.get("enabled") == "y",
    }
    if form.get("jwks", "").strip():
        try:
            data["jwks"] = json.loads(form["jwks"])
        except ValueError as exc:
            raise FormError({"jwks": "JSON invalide"}) from exc
    else:
        data["jwks"] = None
    if creating:
        data["client_id"] = form.get("client_id", "").strip()
        if form.get("client_secret", "").strip():
            data["client_secret"] = form["client_secret"].strip()
    return data


def identity_from_form(form: MultiDict[str, str]) -> dict[str, Any]:
    data = {name: form.get(name, "").strip() for name in IDENTITY_FIELDS}
    for optional in ("preferred_username", "email", "label"):
        data[optional] = data[optional] or None  # type: ignore[assignment]
    return data
