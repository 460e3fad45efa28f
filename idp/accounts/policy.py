"""The Élections password rules, shown to the voter and enforced on the server (same list)."""

from __future__ import annotations

import string

MIN_LENGTH = 12
MAX_LENGTH = 256

# (rule id, text shown on the page, check) — the page ticks each rule as the voter types.
RULES = [
    ("longueur", f"entre {MIN_LENGTH} caractères et {MAX_LENGTH} caractères",
     lambda p: MIN_LENGTH <= len(p) <= MAX_LENGTH),
    ("minuscule", "au moins une lettre en minuscule non-accentuée",
     lambda p: any(c in string.ascii_lowercase for c in p)),
    ("majuscule", "au moins une lettre en majuscule non-accentuée",
     lambda p: any(c in string.ascii_uppercase for c in p)),
    ("chiffre", "au moins un chiffre", lambda p: any(c in string.digits for c in p)),
    ("special", "au moins un caractère spécial", lambda p: any(not c.isalnum() for c in p)),
]


def unmet_rules(password: str) -> list[str]:
    """The texts of the rules ``password`` breaks (empty when it is acceptable)."""
    return [text for _rule, text, check in RULES if not check(password)]
