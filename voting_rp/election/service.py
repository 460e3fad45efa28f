"""Reading the election in the voting space: the window, an elector, the scrutins they vote in."""

from __future__ import annotations

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from shared.timeutil import utcnow
from voting_rp.context import Voting
from voting_rp.election.models import Elector, VotingScrutin, VotingWindow


def window(ctx: Voting) -> VotingWindow:
    with ctx.db.session() as s:
        found = s.scalar(select(VotingWindow).order_by(VotingWindow.id.desc()))
    if found is None:
        raise LookupError("Aucune élection configurée : lancez « python -m voting_rp seed-demo ».")
    return found


def is_open(ctx: Voting) -> bool:
    w = window(ctx)
    return w.opens_at <= utcnow() < w.closes_at


def elector(ctx: Voting, electeur_id: str) -> Elector | None:
    with ctx.db.session() as s:
        return s.scalar(select(Elector).where(Elector.electeur_id == electeur_id))


def scrutins_of(ctx: Voting, who: Elector) -> list[VotingScrutin]:
    """National or of the elector's académie, for any or the elector's corps."""
    with ctx.db.session() as s:
        query = (select(VotingScrutin)
                 .where(and_(or_(VotingScrutin.academie_code.is_(None),
                                 VotingScrutin.academie_code == who.academie_code),
                             or_(VotingScrutin.corps.is_(None), VotingScrutin.corps == who.corps)))
                 .options(selectinload(VotingScrutin.lists)).order_by(VotingScrutin.position))
        return list(s.scalars(query))
