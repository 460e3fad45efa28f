"""The scrutins a voter is offered come from the process's catalogue (voting_rp/election/catalog.py):
the same scrutins, in the same order, as the eligibility rule in SQL; the database read once, not on
every page; an import made here shows at once, a change made elsewhere within the refresh delay.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from shared.election import rules
from shared.election.documents import FoundDocument, ListDocument
from shared.election.order import seeds_rank
from tests.support.sql import statements
from voting_rp.context import Voting
from voting_rp.election import catalog as catalog_module
from voting_rp.election import service as election
from voting_rp.election.models import Elector, VotingList, VotingScrutin


def by_sql(ctx: Voting, who: Elector) -> list[tuple[str, list[str]]]:
    """What the eligibility rule selects in SQL: codes in the seeds' order, with their lists."""
    with ctx.db.session() as s:
        query = (select(VotingScrutin)
                 .where(rules.elector_clause(VotingScrutin.academie_code, VotingScrutin.corps,
                                             who.academie_code, who.corps))
                 .options(selectinload(VotingScrutin.lists))
                 .order_by(seeds_rank(VotingScrutin.kind), VotingScrutin.position))
        return [(sc.code, [lst.union_name for lst in sc.lists]) for sc in s.scalars(query)]


def electors(ctx: Voting) -> list[Elector]:
    with ctx.db.session() as s:
        return list(s.scalars(select(Elector)))


def test_every_elector_is_offered_what_the_rule_selects_in_sql(ctx: Voting) -> None:
    everyone = electors(ctx)
    assert len({(e.academie_code, e.corps) for e in everyone}) > 1  # several académies and corps
    for who in everyone:
        offered = election.scrutins_of(ctx, who)
        assert [(sc.code, [lst.union_name for lst in sc.lists]) for sc in offered] == by_sql(ctx, who)


def test_the_scrutins_are_read_once_not_on_every_page(ctx: Voting) -> None:
    who = electors(ctx)[0]
    election.scrutins_of(ctx, who)
    with statements(ctx.db.engine) as seen:
        for _ in range(3):
            election.scrutins_of(ctx, who)
    assert not [s for s in seen if "voting_scrutins" in s or "voting_lists" in s]


def test_a_document_imported_here_is_offered_at_once(ctx: Voting) -> None:
    who = electors(ctx)[0]
    first = election.scrutins_of(ctx, who)[0]
    target = first.lists[0]
    content = b"%PDF-1.4\n% profession de foi fictive\n%%EOF\n"
    document = ListDocument.of(content)
    election.import_documents(ctx, [FoundDocument(f"{first.code}/liste-{target.position}.pdf", first.code,
                                                  target.position, document)])
    again = election.scrutins_of(ctx, who)[0]
    assert again.lists[0].document_sha256 == document.sha256


def test_a_change_made_by_another_process_shows_after_the_refresh_delay(
        ctx: Voting, monkeypatch: pytest.MonkeyPatch) -> None:
    who = electors(ctx)[0]
    first = election.scrutins_of(ctx, who)[0]
    with ctx.db.session() as s:  # as the operators' command would, from its own process
        s.execute(update(VotingList).where(VotingList.id == first.lists[0].id)
                  .values(union_name="Union fictive renommée"))
    assert election.scrutins_of(ctx, who)[0].lists[0].union_name != "Union fictive renommée"  # kept
    monkeypatch.setattr(catalog_module, "REFRESH_SECONDS", -1.0)  # the delay has passed
    assert election.scrutins_of(ctx, who)[0].lists[0].union_name == "Union fictive renommée"

