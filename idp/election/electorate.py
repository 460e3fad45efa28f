"""Large fictional electorates for load tests, generated in batches with flat memory.

The electors come from :mod:`shared.election.generated`, so ``python -m voting_rp
generate-electorate`` with the same count writes the same people into the voting space. Secrets
are hashed once and shared by every generated elector (hashing 1.1 million values would take
hours and add nothing to a test).
"""

from __future__ import annotations

from collections.abc import Callable

from idp.accounts.models import Voter
from idp.context import Idp
from shared.election.generated import (
    FIRST_ID,
    LOAD_TEST_ANSWER,
    LOAD_TEST_NIR,
    LOAD_TEST_NUMEN,
    LOAD_TEST_PASSWORD,
    append,
)
from shared.timeutil import utcnow

__all__ = ["FIRST_ID", "LOAD_TEST_PASSWORD", "generate"]


def generate(ctx: Idp, electors: int, batch: int = 10_000,
             progress: Callable[[int], None] = lambda _n: None) -> int:
    """Append ``electors`` fictional activated electors; return how many the database holds."""
    shared = {"password_hash": ctx.hasher.hash(LOAD_TEST_PASSWORD),
              "challenge_answer_hash": ctx.hasher.hash(LOAD_TEST_ANSWER),
              "numen_hash": ctx.hasher.hash(LOAD_TEST_NUMEN), "nir_hash": ctx.hasher.hash(LOAD_TEST_NIR)}
    now = utcnow()
    return append(ctx.db, Voter, lambda e: {
        "electeur_id": e.electeur_id, "email_pro": e.email_pro, "civility": e.civility,
        "family_name": e.family_name, "given_names": e.given_names, "birth_date": e.birth_date,
        "birth_place": "75056", "birth_country": "99100", "academie_code": e.academie,
        "corps": e.corps, "challenge_question": "voiture", "activated_at": now, **shared},
        electors, batch, progress)
