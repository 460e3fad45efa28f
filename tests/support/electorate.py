"""A generated electorate of a few thousand voters, their émargements and their encrypted ballots,
written straight to both stores so the count can be checked against what was generated.

Ballots are encrypted in Python with the browser's construction (voting_rp.urne.crypto.encrypt;
the voting page does the same in ballot.js). The vote path itself is tested elsewhere: here the
point is the count, so rows are inserted in bulk, with random ids and in shuffled order.
"""

from __future__ import annotations

import random
import secrets
from collections import Counter
from datetime import date
from typing import TypedDict

from sqlalchemy import insert, select
from sqlalchemy.orm import selectinload

from shared.election.demo import ACADEMIES, CORPS
from shared.election.rules import is_elector
from shared.timeutil import utcnow
from voting_rp.ballots.ceremony import current_key
from voting_rp.ballots.models import DONE, Emargement
from voting_rp.context import Voting
from voting_rp.election.models import Elector, VotingScrutin
from voting_rp.urne import crypto
from voting_rp.urne.models import Ballot

Expected = dict[str, Counter[str]]


class ElectorRow(TypedDict):
    """One generated elector, as inserted in bulk into the electors' table."""

    electeur_id: str
    email_pro: str
    civility: str
    family_name: str
    given_names: str
    birth_date: date
    birth_place: str
    academie_code: str
    corps: str
    code_version: int


def generate(ctx: Voting, voters: int, seed: int = 2022,
             turnout: float = 0.7) -> tuple[Expected, Counter[str]]:
    """Add ``voters`` electors; each votes in each of their scrutins with probability ``turnout``.

    Returns the expected choices per scrutin code and the registered electors per scrutin code
    (the demo's six voters included, who have not voted)."""
    rng = random.Random(seed)
    key = current_key(ctx)
    assert key is not None
    public = crypto.load_public(key.public_key)
    with ctx.db.session() as s:
        scrutins = list(s.scalars(select(VotingScrutin).options(selectinload(VotingScrutin.lists))))
        existing = [(e.academie_code, e.corps) for e in s.scalars(select(Elector))]
        rows: list[ElectorRow] = [
            {"electeur_id": f"9{n:07d}", "email_pro": f"electeur.{n}@ac-test.fr", "civility": "Mme",
             "family_name": f"NOM{n}", "given_names": "Prénom", "birth_date": date(1980, 1, 1),
             "birth_place": "75056", "academie_code": rng.choice(list(ACADEMIES)),
             "corps": rng.choice(list(CORPS)), "code_version": 0} for n in range(voters)]
        s.execute(insert(Elector), rows)
        ids = dict(s.execute(select(Elector.electeur_id, Elector.id)).all())
    expected: Expected = {sc.code: Counter() for sc in scrutins}
    registered: Counter[str] = Counter()
    signatures, ballots = [], []
    now = utcnow().replace(microsecond=0)
    for academie, corps in existing:
        for sc in scrutins:
            registered[sc.code] += is_elector(sc.academie_code, sc.corps, academie, corps)
    for row in rows:
        for sc in scrutins:
            if not is_elector(sc.academie_code, sc.corps, row["academie_code"], row["corps"]):
                continue
            registered[sc.code] += 1
            if rng.random() >= turnout:
                continue
            choice = rng.choice(["blanc"] + [f"liste:{lst.position}" for lst in sc.lists])
            expected[sc.code][choice] += 1
            signatures.append({"elector_id": ids[row["electeur_id"]], "scrutin_id": sc.id,
                               "voted_at": now, "state": DONE})
            text = crypto.encrypt(public, sc.code, choice)
            ballots.append({"id": secrets.token_hex(16), "scrutin_code": sc.code, "content": text,
                            "fingerprint": crypto.fingerprint(text), "pending": None})
    rng.shuffle(ballots)
    with ctx.db.session() as s:
        s.execute(insert(Emargement), signatures)
    with ctx.urne.database.session() as u:
        u.execute(insert(Ballot), ballots)
    return expected, registered
