"""The identity providers and test identities of ``data/identities.json``, validated at start.

A fault in the file stops the mock with a message naming the entry and the field, the way a
bad environment variable does: the mock never runs on identities FranceConnect would not send.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from franceconnect_mock.identities.records import LOGIN, Identity, IdentityError, parse_identity
from franceconnect_mock.protocol.platforms import EIDAS_LEVELS

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "identities.json"


class CatalogueError(ValueError):
    """The identities data file is not valid."""


@dataclass(frozen=True)
class IdentityProvider:
    id: str
    name: str
    title: str
    acr_values: tuple[str, ...]
    amr: tuple[str, ...]

    def offers(self, acr: str) -> bool:
        return acr in self.acr_values


@dataclass(frozen=True)
class Catalogue:
    password: str
    providers: tuple[IdentityProvider, ...]
    identities: tuple[Identity, ...]

    def provider(self, provider_id: str) -> IdentityProvider | None:
        return next((p for p in self.providers if p.id == provider_id), None)

    def identity(self, login: str) -> Identity | None:
        return next((i for i in self.identities if i.login == login), None)


def _provider(entry: dict[str, Any], index: int) -> IdentityProvider:
    where = f"identity_providers[{index}]"
    if not isinstance(entry.get("id"), str) or not LOGIN.match(entry["id"]):
        raise CatalogueError(f"{where}.id : identifiant invalide")
    for name in ("name", "title"):
        if not isinstance(entry.get(name), str) or not entry[name]:
            raise CatalogueError(f"{where}.{name} : texte obligatoire")
    acr = entry.get("acr_values")
    if not isinstance(acr, list) or not acr or any(a not in EIDAS_LEVELS for a in acr):
        raise CatalogueError(f"{where}.acr_values : liste parmi {', '.join(EIDAS_LEVELS)}")
    amr = entry.get("amr")
    if not isinstance(amr, list) or not all(isinstance(a, str) and a for a in amr):
        raise CatalogueError(f"{where}.amr : liste de méthodes (pwd, mfa…)")
    return IdentityProvider(entry["id"], entry["name"], entry["title"], tuple(acr), tuple(amr))


def parse_catalogue(raw: dict[str, Any]) -> Catalogue:
    """Check every provider and identity; refuse duplicates."""
    password = raw.get("password")
    if not isinstance(password, str) or not password:
        raise CatalogueError("password : mot de passe commun des identités de test obligatoire")
    providers = tuple(_provider(p, i) for i, p in enumerate(raw.get("identity_providers") or []))
    if not providers:
        raise CatalogueError("identity_providers : au moins un fournisseur d'identité")
    identities = []
    for index, entry in enumerate(raw.get("identities") or []):
        try:
            identities.append(parse_identity(entry))
        except IdentityError as exc:
            raise CatalogueError(f"identities[{index}] ({entry.get('login')!r}) : {exc}") from exc
    for label, values in (("identity_providers", [p.id for p in providers]),
                          ("identities", [i.login for i in identities])):
        duplicates = {v for v in values if values.count(v) > 1}
        if duplicates:
            raise CatalogueError(f"{label} : doublons {', '.join(sorted(duplicates))}")
    return Catalogue(password, providers, tuple(identities))


def load_catalogue(path: Path = DATA_FILE) -> Catalogue:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CatalogueError(f"{path} illisible : {exc}") from exc
    if not isinstance(raw, dict):
        raise CatalogueError(f"{path} : un objet JSON est attendu")
    return parse_catalogue(raw)
