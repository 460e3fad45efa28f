"""The generated electorate of a load test in the voting space's electors' file (same people as
``python -m idp generate-electorate``: :mod:`shared.election.generated`), each with the shared
load-test code de vote, hashed once."""

from __future__ import annotations

from collections.abc import Callable

from shared.election.generated import LOAD_TEST_CODE, append
from shared.timeutil import utcnow
from voting_rp.context import Voting
from voting_rp.election.models import Elector


def generate(ctx: Voting, electors: int, batch: int = 10_000,
             progress: Callable[[int], None] = lambda _n: None) -> int:
    """Append ``electors`` generated electors; return how many the electors' file holds."""
    code_hash = ctx.hasher.hash(LOAD_TEST_CODE)
    now = utcnow()
    return append(ctx.db, Elector, lambda e: {
        "electeur_id": e.electeur_id, "email_pro": e.email_pro, "civility": e.civility,
        "family_name": e.family_name, "given_names": e.given_names, "birth_date": e.birth_date,
        "birth_place": "75056", "academie_code": e.academie, "corps": e.corps,
        "code_hash": code_hash, "code_version": 1, "code_changed_at": now}, electors, batch, progress)
