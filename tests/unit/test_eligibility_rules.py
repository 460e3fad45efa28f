"""The eligibility rule is one rule: its SQL form selects exactly the scrutins its Python form says."""

from __future__ import annotations

import itertools

from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, insert, select

from shared.election.rules import elector_clause, is_elector

ACADEMIES = (None, "nice", "dijon")
CORPS = (None, "1D", "2D")
SCRUTINS = Table("scrutins", MetaData(), Column("id", Integer, primary_key=True),
                 Column("academie_code", String, nullable=True), Column("corps", String, nullable=True))


def test_the_sql_clause_and_the_python_rule_agree_for_every_scrutin_and_person() -> None:
    engine = create_engine("sqlite://")
    SCRUTINS.metadata.create_all(engine)
    bounds = list(itertools.product(ACADEMIES, CORPS))
    with engine.begin() as db:
        db.execute(insert(SCRUTINS), [{"id": n, "academie_code": a, "corps": c}
                                      for n, (a, c) in enumerate(bounds)])
        for academie, corps in itertools.product(ACADEMIES[1:], CORPS[1:]):
            chosen = set(db.scalars(select(SCRUTINS.c.id).where(
                elector_clause(SCRUTINS.c.academie_code, SCRUTINS.c.corps, academie, corps))))
            expected = {n for n, (a, c) in enumerate(bounds) if is_elector(a, c, academie, corps)}
            assert chosen == expected, (academie, corps)


def test_a_person_is_elector_of_national_and_own_scrutins_only() -> None:
    assert is_elector(None, None, "nice", "2D") and is_elector("nice", "2D", "nice", "2D")
    assert not is_elector("dijon", None, "nice", "2D") and not is_elector(None, "1D", "nice", "2D")
