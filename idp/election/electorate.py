"""Large fictional electorates for load tests, generated in batches with flat memory.

Names are drawn from short lists of common French names: every elector is fictional and
carries a numeric suffix in its identifier. Secrets are hashed once and shared by every
generated elector (hashing 1.1 million values would take hours and add nothing to a test).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import date, timedelta

from sqlalchemy import func, insert, select

from idp.accounts.models import Voter
from idp.context import Idp
from shared.election.demo import ACADEMIES, CORPS
from shared.timeutil import utcnow

GIVEN = ["Camille", "Julien", "Claire", "Thomas", "Léa", "Nicolas", "Manon", "Antoine", "Chloé",
         "Mathieu", "Emma", "Romain", "Sarah", "Pierre", "Laura", "Vincent", "Julie", "Olivier"]
FAMILY = ["MARTIN", "BERNARD", "THOMAS", "PETIT", "ROBERT", "RICHARD", "DURAND", "LEFEBVRE",
          "MICHEL", "GARCIA", "DAVID", "BERTRAND", "ROUX", "VINCENT", "FOURNIER", "MOREL",
          "GIRARD", "ANDRE", "MERCIER", "BLANC", "GUERIN", "BOYER", "GARNIER", "CHEVALIER"]
LOAD_TEST_PASSWORD = "Charge-Test-2022!"  # noqa: S105 - generated fictional electors
FIRST_ID = 2_000_000


def _rows(start: int, count: int, shared: dict[str, str],
          rng: random.Random) -> Iterator[dict[str, object]]:
    academies = list(ACADEMIES)
    corps = list(CORPS)
    now = utcnow()
    for n in range(start, start + count):
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        academie = academies[n % len(academies)]
        yield {
            "electeur_id": str(FIRST_ID + n),
            "email_pro": f"{given.lower()}.{family.lower()}.{n}@ac-{academie}.fr",
            "civility": rng.choice(["M.", "Mme"]), "family_name": family, "given_names": given,
            "birth_date": date(1960, 1, 1) + timedelta(days=rng.randrange(14000)),
            "birth_place": "75056", "birth_country": "99100", "academie_code": academie,
            "corps": corps[n % len(corps)], "numen_hash": shared["numen"], "nir_hash": shared["nir"],
            "password_hash": shared["password"], "challenge_question": "voiture",
            "challenge_answer_hash": shared["answer"], "activated_at": now,
        }


def generate(ctx: Idp, electors: int, batch: int = 10_000,
             progress: Callable[[int], None] = lambda _n: None) -> int:
    """Append ``electors`` fictional activated electors; return how many the database holds."""
    shared = {"password": ctx.hasher.hash(LOAD_TEST_PASSWORD), "answer": ctx.hasher.hash("renault"),
              "numen": ctx.hasher.hash("00A0000000AAA"), "nir": ctx.hasher.hash("1000000000")}
    rng = random.Random(electors)  # reproducible names for a given size  # noqa: S311
    with ctx.db.session() as s:
        start = s.scalar(select(func.count()).select_from(Voter).where(
            Voter.electeur_id >= str(FIRST_ID))) or 0
    done = 0
    while done < electors:
        size = min(batch, electors - done)
        with ctx.db.session() as s:
            s.execute(insert(Voter), list(_rows(start + done, size, shared, rng)))
        done += size
        progress(size)
    with ctx.db.session() as s:
        return s.scalar(select(func.count()).select_from(Voter)) or 0
