"""The émargement side of the count: how many electors each scrutin has, and how many have voted.

The one function the tally takes from the voters' side (the urne package never reads the electors'
file or the émargement: ``voting_rp/urne/__init__.py``).
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select

from shared.db import Database
from shared.election.rules import is_elector
from voting_rp.ballots.models import DONE, Emargement
from voting_rp.election.models import Elector, VotingScrutin
from voting_rp.urne.tally import Turnout


def turnout(vote_db: Database, scrutins: list[VotingScrutin]) -> dict[str, Turnout]:
    """Registered electors and signed (completed) émargements, per scrutin code."""
    registered: Counter[int] = Counter()
    with vote_db.session() as s:
        for academie, corps, count in s.execute(select(Elector.academie_code, Elector.corps, func.count())
                                                .group_by(Elector.academie_code, Elector.corps)):
            for scrutin in scrutins:
                if is_elector(scrutin.academie_code, scrutin.corps, academie, corps):
                    registered[scrutin.id] += count
        voted = Counter[int](dict(s.execute(select(Emargement.scrutin_id, func.count())
                                            .where(Emargement.state == DONE)
                                            .group_by(Emargement.scrutin_id)).all()))
    return {sc.code: Turnout(registered[sc.id], voted[sc.id]) for sc in scrutins}
