"""Is the person FranceConnect vouched for the elector who asked? Names, birth date, birthplace.

Names compare without case, accents, hyphens, apostrophes or extra spaces; every given name the
electors' file holds must be among FranceConnect's; the birthplace is compared only when both
sides know it (FranceConnect sends "" for people born abroad).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from voting_rp.election.models import Elector


def _words(name: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    for mark in "-'’":
        plain = plain.replace(mark, " ")
    return plain.split()


def matches(elector: Elector, identity: dict[str, Any]) -> bool:
    if _words(str(identity.get("family_name", ""))) != _words(elector.family_name):
        return False
    given = _words(str(identity.get("given_name", "")))
    if not given or not set(_words(elector.given_names)) <= set(given):
        return False
    if str(identity.get("birthdate", "")) != elector.birth_date.isoformat():
        return False
    place = str(identity.get("birthplace", ""))
    return not (place and elector.birth_place and place != elector.birth_place)
