"""Scopes to claims, as FranceConnect v2 maps them (reference sheet, "/userinfo")."""

from __future__ import annotations

from collections.abc import Iterable

from franceconnect_mock.identities.records import Identity
from franceconnect_mock.protocol.scopes import SCOPE_ALIASES, SCOPE_CLAIMS

CLAIM_LABELS = {
    "given_name": "Prénom(s)", "family_name": "Nom de naissance", "birthdate": "Date de naissance",
    "gender": "Sexe", "birthplace": "Lieu de naissance", "birthcountry": "Pays de naissance",
    "email": "Adresse électronique", "preferred_username": "Nom d'usage",
    "idp_birthdate": "Date de naissance transmise par le fournisseur d'identité",
    "amr": "Méthode d'authentification", "idp_id": "Fournisseur d'identité utilisé",
}


def base_scopes(scopes: Iterable[str]) -> set[str]:
    """Known scopes with aliases expanded; unknown scopes are ignored, as the real service does."""
    expanded: set[str] = set()
    for scope in scopes:
        if scope in SCOPE_ALIASES:
            expanded.update(SCOPE_ALIASES[scope])
        elif scope in SCOPE_CLAIMS:
            expanded.add(scope)
    return expanded


def released_claims(scopes: Iterable[str]) -> list[str]:
    """The claim names the scopes release, in a stable order."""
    wanted = base_scopes(scopes)
    return [claim for scope, claims in SCOPE_CLAIMS.items() if scope in wanted for claim in claims]


def identity_claims(identity: Identity, idp_id: str, amr: list[str]) -> dict[str, object]:
    """Every claim the identity could release; ``None`` means the provider did not send it."""
    return {
        "given_name": identity.given_name,
        "given_name_array": identity.given_name.split() if identity.given_name else [],
        "family_name": identity.family_name,
        "birthdate": identity.birthdate,
        "gender": identity.gender,
        "birthplace": identity.birthplace,
        "birthcountry": identity.birthcountry,
        "email": identity.email,
        "preferred_username": identity.preferred_username,
        "idp_birthdate": identity.idp_birthdate,
        "amr": amr,
        "idp_id": idp_id,
    }


def userinfo_claims(all_claims: dict[str, object], scopes: Iterable[str], sub: str) -> dict[str, object]:
    """The claims the granted scopes release, ``sub`` first; absent values stay absent."""
    released: dict[str, object] = {"sub": sub}
    for name in released_claims(scopes):
        value = all_claims.get(name)
        if name != "sub" and value is not None:
            released[name] = value
    return released


def consent_labels(scopes: Iterable[str]) -> list[str]:
    """What the consent screen lists: one French label per released claim (sub excluded)."""
    return [CLAIM_LABELS[c] for c in released_claims(scopes) if c in CLAIM_LABELS]
