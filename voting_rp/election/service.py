"""Reading the election in the voting space: the window, an elector, the scrutins they vote in."""

from __future__ import annotations

from sqlalchemy import ColumnElement, select

from shared.election import rules
from shared.election.documents import FoundDocument, ListDocument, store_found, stored_document
from voting_rp.context import Voting
from voting_rp.election.catalog import catalog
from voting_rp.election.models import Elector, VotingList, VotingScrutin, VotingWindow


def window(ctx: Voting) -> VotingWindow:
    with ctx.db.session() as s:
        found = s.scalar(select(VotingWindow).order_by(VotingWindow.id.desc()))
    if found is None:
        raise LookupError("Aucune élection configurée : lancez « python -m voting_rp seed-demo ».")
    return found


def elector(ctx: Voting, electeur_id: str) -> Elector | None:
    with ctx.db.session() as s:
        return s.scalar(select(Elector).where(Elector.electeur_id == electeur_id))


def _elector_of(who: Elector) -> ColumnElement[bool]:
    """National or of the elector's académie, for any or the elector's corps."""
    return rules.elector_clause(VotingScrutin.academie_code, VotingScrutin.corps, who.academie_code,
                                who.corps)


def scrutins_of(ctx: Voting, who: Elector) -> list[VotingScrutin]:
    """The scrutins ``who`` is elector of, with their lists, in the seeds' order (read from the
    process's catalogue, ``catalog.py``)."""
    return catalog(ctx.db).of(who.academie_code, who.corps)


def list_document(ctx: Voting, who: Elector, code: str, position: int) -> ListDocument | None:
    """The document of list ``position`` of scrutin ``code``, only when ``who`` is one of its
    electors; None for any other scrutin or list, or a list without one. Whether the vote is open
    or already cast does not matter: a document is information, readable like the list itself."""
    with ctx.db.session() as s:
        return stored_document(s, VotingList, VotingScrutin, code, position, _elector_of(who))


def import_documents(ctx: Voting, found: list[FoundDocument]) -> None:
    """Store the checked documents in one transaction: all of them, or none (DocumentRefused)."""
    with ctx.db.session() as s:
        store_found(s, VotingList, VotingScrutin, found)
    catalog(ctx.db).forget()
