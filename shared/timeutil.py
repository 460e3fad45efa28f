"""Time: UTC in storage, Paris time and French words on screen."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre"]


def utcnow() -> datetime:
    """Naive UTC now, as stored in every database."""
    return datetime.now(UTC).replace(tzinfo=None)


def to_paris(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC).astimezone(PARIS)


def paris_short(moment: datetime) -> str:
    """"30/11/2022 à 20h24" (as "Dernière connexion le : …")."""
    local = to_paris(moment)
    return f"{local:%d/%m/%Y} à {local:%H}h{local:%M}"


def paris_long(moment: datetime) -> str:
    """"jeudi 01 décembre 2022 à 08h00" (as the voting window)."""
    local = to_paris(moment)
    return (f"{DAYS[local.weekday()]} {local:%d} {MONTHS[local.month - 1]} {local.year} "
            f"à {local:%H}h{local:%M}")


def window_words(opens_at: datetime, closes_at: datetime) -> str:
    return f"Ouvert du {paris_long(opens_at)} au {paris_long(closes_at)} (Heure de Paris)"


def countdown(target: datetime, now: datetime) -> tuple[int, int, int]:
    """Days, hours, minutes from ``now`` to ``target`` (zeros once passed)."""
    seconds = max(0, int((target - now).total_seconds()))
    return seconds // 86400, seconds % 86400 // 3600, seconds % 3600 // 60
