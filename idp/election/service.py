"""Reading the election: its window, and which scrutins a voter is elector of."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import selectinload

from idp.accounts.models import Voter
from idp.context import Idp
from idp.election.models import Academie, CandidateList, Election, Scrutin
from shared.election import rules
from shared.election.documents import FoundDocument, ListDocument, store_found, stored_document
from shared.election.order import seeds_rank
from shared.election.window import Window
from shared.timeutil import utcnow


def current_election(ctx: Idp) -> Election:
    with ctx.db.session() as s:
        election = s.scalar(select(Election).order_by(Election.id.desc()))
    if election is None:
        raise LookupError("Aucune élection n'est configurée : lancez « python -m idp seed-demo ».")
    return election


def window(ctx: Idp, now: datetime | None = None) -> Window:
    election = current_election(ctx)
    return Window(election.title, election.opens_at, election.closes_at, now or utcnow())


def _elector_of(voter: Voter) -> ColumnElement[bool]:
    """Scrutins whose electors include ``voter``: national or of its académie, any or its corps."""
    return rules.elector_clause(Scrutin.academie_code, Scrutin.corps, voter.academie_code, voter.corps)


def scrutins_of(ctx: Idp, voter: Voter) -> list[Scrutin]:
    """The scrutins ``voter`` is elector of, with their lists, in the seeds' order."""
    with ctx.db.session() as s:
        query = (select(Scrutin).where(_elector_of(voter)).options(selectinload(Scrutin.lists))
                 .order_by(seeds_rank(Scrutin.kind), Scrutin.id))
        return list(s.scalars(query))


def list_document(ctx: Idp, voter: Voter, code: str, position: int) -> ListDocument | None:
    """The document of list ``position`` of scrutin ``code``, only when ``voter`` is one of its
    electors (as on "Mes scrutins"); None for any other scrutin or list, or a list without one."""
    with ctx.db.session() as s:
        return stored_document(s, CandidateList, Scrutin, code, position, _elector_of(voter))


def import_documents(ctx: Idp, found: list[FoundDocument]) -> None:
    """Store the checked documents in one transaction: all of them, or none (DocumentRefused)."""
    with ctx.db.session() as s:
        store_found(s, CandidateList, Scrutin, found)


def electors_of(ctx: Idp, scrutin: Scrutin, search: str, page: int,
                per_page: int = 50) -> tuple[list[Voter], int]:
    """One page of a scrutin's electoral list (names only), filtered by family name."""
    with ctx.db.session() as s:
        query = select(Voter)
        if scrutin.academie_code:
            query = query.where(Voter.academie_code == scrutin.academie_code)
        if scrutin.corps:
            query = query.where(Voter.corps == scrutin.corps)
        if search:
            query = query.where(Voter.family_name.ilike(f"{search.upper()}%"))
        total = s.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = s.scalars(query.order_by(Voter.family_name, Voter.given_names)
                         .offset((page - 1) * per_page).limit(per_page))
        return list(rows), total


def academie_name(ctx: Idp, code: str) -> str:
    with ctx.db.session() as s:
        academie = s.get(Academie, code)
        return academie.name if academie else code
