"""The code de vote: 16 characters a voter can read and type on any keyboard.

No look-alikes (0/O/o, 1/l/I, 5/S, 2/Z, 8/B, u/v), no accents, and four specials found unshifted
or on the numeric keypad of French and English keyboards. 16 characters from 52 symbols carry
about 91 bits of entropy; guessing is also bounded by the attempt limits.
"""

from __future__ import annotations

import secrets

LETTERS = "ACDEFGHJKLMNPQRTWXY" + "abcdefghijkmnpqrstwxyz"
DIGITS = "34679"
SPECIALS = "-+*="
ALPHABET = LETTERS + DIGITS + SPECIALS
LENGTH = 16


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def grouped(code: str) -> str:
    """"AbCd EfGh …": four groups of four, easier to copy by hand."""
    return " ".join(code[i:i + 4] for i in range(0, len(code), 4))


def normalise(typed: str) -> str:
    """What the voter typed, without the spaces of the grouping (and nothing else changed)."""
    return "".join(typed.split())
