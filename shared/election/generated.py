"""Large fictional electorates for load tests: elector number ``n`` is the same person in the
portal and in the voting space (their databases are separate, so each service writes its own rows).

Everything derives from ``n`` by arithmetic (no random state), so both generators agree, one
batch at a time and with flat memory. Secrets are shared by every generated elector and hashed
once per run (hashing 1.1 million values would take hours and add nothing to a load test).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, insert, select

from shared.db import Database
from shared.election.demo import ACADEMIES, CORPS

FIRST_ID = 2_000_000
LOAD_TEST_PASSWORD = "Charge-Test-2022!"  # noqa: S105 - fictional load-test electors
LOAD_TEST_ANSWER = "renault"  # question défi "voiture"
LOAD_TEST_NUMEN = "00A0000000AAA"
LOAD_TEST_NIR = "1000000000"
LOAD_TEST_CODE = "Ldt7CharGe+Test="  # code de vote of every generated elector (16 symbols of the alphabet)

GIVEN = ["Camille", "Julien", "Claire", "Thomas", "Léa", "Nicolas", "Manon", "Antoine", "Chloé",
         "Mathieu", "Emma", "Romain", "Sarah", "Pierre", "Laura", "Vincent", "Julie", "Olivier"]
FAMILY = ["MARTIN", "BERNARD", "THOMAS", "PETIT", "ROBERT", "RICHARD", "DURAND", "LEFEBVRE",
          "MICHEL", "GARCIA", "DAVID", "BERTRAND", "ROUX", "VINCENT", "FOURNIER", "MOREL",
          "GIRARD", "ANDRE", "MERCIER", "BLANC", "GUERIN", "BOYER", "GARNIER", "CHEVALIER"]
_ACADEMIES = list(ACADEMIES)
_CORPS = list(CORPS)


@dataclass(frozen=True)
class Fictional:
    """Elector number ``n`` of a generated electorate."""

    electeur_id: str
    email_pro: str
    civility: str
    family_name: str
    given_names: str
    birth_date: date
    academie: str
    corps: str


def fictional(n: int) -> Fictional:
    given = GIVEN[(n * 7) % len(GIVEN)]
    family = FAMILY[(n * 11 + n // len(FAMILY)) % len(FAMILY)]
    academie = _ACADEMIES[n % len(_ACADEMIES)]
    return Fictional(
        electeur_id=str(FIRST_ID + n),
        email_pro=f"{given.lower()}.{family.lower()}.{n}@ac-{academie}.fr",
        civility=("M.", "Mme")[n % 2], family_name=family, given_names=given,
        birth_date=date(1960, 1, 1) + timedelta(days=(n * 37) % 14000),
        academie=academie, corps=_CORPS[n % len(_CORPS)])


def batches(start: int, count: int, size: int) -> Iterator[list[Fictional]]:
    """Electors ``start`` … ``start + count - 1``, ``size`` at a time."""
    for first in range(start, start + count, size):
        yield [fictional(n) for n in range(first, min(first + size, start + count))]


def append(db: Database, table: Any, row: Callable[[Fictional], dict[str, Any]], electors: int,
           batch: int, progress: Callable[[int], None]) -> int:
    """Insert the next ``electors`` generated electors into ``table`` (a model with ``electeur_id``),
    ``batch`` rows per transaction, the row of each made by ``row``; return how many rows the table
    holds. Generated electors already there are counted, so a second run appends the next ones."""
    with db.session() as s:
        start = s.scalar(select(func.count()).select_from(table).where(
            table.electeur_id >= str(FIRST_ID))) or 0
    for electors_batch in batches(start, electors, batch):
        rows = [row(e) for e in electors_batch]
        with db.session() as s:
            s.execute(insert(table), rows)
        progress(len(rows))
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(table)) or 0
