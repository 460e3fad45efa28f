"""A fictitious person as the demo identity provider knows them, and the rules each one obeys.

The same :func:`parse_identity` checks the data file at start and every custom identity an
integrator creates, so both follow FranceConnect's formats: ``birthdate`` with unknown parts as
``01`` (the raw value stays in ``idp_birthdate``), 5-character INSEE birthplace or ``""`` when
born abroad, ``99xxx`` birthcountry (``99100`` = France).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

FRANCE = "99100"
GENDERS = ("male", "female", "unspecified")
LOGIN = re.compile(r"^[\w.\-]{1,64}$")
RAW_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
INSEE_COMMUNE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
COUNTRY = re.compile(r"^99\d{3}$")
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")
MAX_NAME = 200


class IdentityError(ValueError):
    """An identity that does not follow FranceConnect's formats; ``errors`` names each field."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class Identity:
    login: str
    label: str
    given_name: str
    family_name: str
    gender: str
    idp_birthdate: str
    birthplace: str
    birthcountry: str
    email: str | None = None
    preferred_username: str | None = None
    custom: bool = False

    @property
    def birthdate(self) -> str:
        """``YYYY-MM-DD`` with unknown month or day as ``01`` (``1992-00-00`` → ``1992-01-01``)."""
        year, month, day = self.idp_birthdate.split("-")
        return f"{year}-{'01' if month == '00' else month}-{'01' if day == '00' else day}"

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.preferred_username or self.family_name) if p)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["birthdate"] = self.idp_birthdate
        del data["idp_birthdate"], data["custom"]
        return data


def _text(data: Mapping[str, Any], name: str, errors: dict[str, str], *, required: bool = True) -> str | None:
    value = data.get(name)
    if value is None:
        if required:
            errors[name] = "obligatoire (chaîne vide permise)"
        return None
    if not isinstance(value, str) or len(value) > MAX_NAME or value != value.strip():
        errors[name] = f"chaîne d'au plus {MAX_NAME} caractères, sans espace au bord"
        return None
    return value


def _check_birthdate(raw: str | None, errors: dict[str, str]) -> None:
    match = RAW_DATE.match(raw or "")
    if not match:
        errors["birthdate"] = "format AAAA-MM-JJ (mois et jour 00 si inconnus)"
        return
    month, day = int(match.group(2)), int(match.group(3))
    if month > 12 or day > 31 or (month == 0 and day != 0):
        errors["birthdate"] = "date impossible"


def _check_birth_place(place: str | None, country: str | None, errors: dict[str, str]) -> None:
    if country is None or not COUNTRY.match(country):
        errors["birthcountry"] = "code COG à 5 chiffres commençant par 99 (99100 = France)"
    elif country == FRANCE and (place is None or not INSEE_COMMUNE.match(place)):
        errors["birthplace"] = "code INSEE de commune à 5 caractères pour une naissance en France"
    elif country != FRANCE and place != "":
        errors["birthplace"] = "vide pour une naissance à l'étranger"


def parse_identity(data: Mapping[str, Any], *, custom: bool = False) -> Identity:
    """Check ``data`` against FranceConnect's formats; raise :class:`IdentityError` listing each fault."""
    errors: dict[str, str] = {}
    login = data.get("login")
    if not isinstance(login, str) or not LOGIN.match(login):
        errors["login"] = "1 à 64 lettres, chiffres, points, tirets ou soulignés"
    given = _text(data, "given_name", errors)
    family = _text(data, "family_name", errors)
    label = _text(data, "label", errors, required=False) or ""
    usage = _text(data, "preferred_username", errors, required=False) or None
    if data.get("gender") not in GENDERS:
        errors["gender"] = "male, female ou unspecified"
    raw_date = data.get("birthdate")
    _check_birthdate(raw_date if isinstance(raw_date, str) else None, errors)
    place, country = data.get("birthplace"), data.get("birthcountry")
    _check_birth_place(place if isinstance(place, str) else None,
                       country if isinstance(country, str) else None, errors)
    email = data.get("email") or None
    if email is not None and (not isinstance(email, str) or not EMAIL.match(email)):
        errors["email"] = "adresse électronique invalide"
    unknown = set(data) - {"login", "label", "given_name", "family_name", "preferred_username", "gender",
                           "birthdate", "birthplace", "birthcountry", "email"}
    if unknown:
        errors["_"] = f"champs inconnus : {', '.join(sorted(unknown))}"
    if errors:
        raise IdentityError(errors)
    return Identity(login=str(login), label=label, given_name=str(given), family_name=str(family),
                    gender=str(data["gender"]), idp_birthdate=str(raw_date), birthplace=str(place),
                    birthcountry=str(country), email=email, preferred_username=usage, custom=custom)
