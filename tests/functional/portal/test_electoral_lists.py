""""Listes électorales": the electors of the voter's scrutins, 50 a page, filtered by family name."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from werkzeug.test import TestResponse

from idp.context import Idp
from idp.election.electorate import generate
from idp.election.models import Scrutin
from tests.support.client import text

PAGE = "/portail/listes-electorales"


def rows(response: TestResponse) -> list[tuple[str, str]]:
    return re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td></tr>", text(response))


def scrutin_id(ctx: Idp, code: str) -> int:
    with ctx.db.session() as s:
        return s.scalars(select(Scrutin.id).where(Scrutin.code == code)).one()


@pytest.fixture
def national_electors(idp_ctx: Idp) -> int:
    """120 more fictional electors, so the national list runs over three pages."""
    return generate(idp_ctx, 120)


def test_the_national_list_is_paginated_by_fifty(lucie, idp_ctx, national_electors):
    csa = scrutin_id(idp_ctx, "CSA-MIN")
    first = lucie.get(f"{PAGE}?scrutin={csa}")
    assert f"{national_electors} électeur(s)" in text(first)
    assert len(rows(first)) == 50
    assert "Page suivante" in text(first) and "Page précédente" not in text(first)

    last = lucie.get(f"{PAGE}?scrutin={csa}&page=3")
    assert len(rows(last)) == national_electors - 100
    assert "Page précédente" in text(last) and "Page suivante" not in text(last)
    assert set(rows(first)).isdisjoint(rows(last))


def test_the_list_is_filtered_by_the_start_of_the_family_name(lucie, idp_ctx, national_electors):
    csa = scrutin_id(idp_ctx, "CSA-MIN")
    response = lucie.get(f"{PAGE}?scrutin={csa}&nom=mor")
    found = rows(response)
    assert len(found) > 1
    assert all(family.startswith("MOR") for family, _given in found)
    assert ("MOREAU", "Lucie") in found
    assert f"{len(found)} électeur(s) dont le nom commence par « mor »" in text(response)

    only = lucie.get(f"{PAGE}?scrutin={csa}&nom=MOREAU")
    assert rows(only) == [("MOREAU", "Lucie")]


def test_a_local_list_holds_only_its_electors(lucie, idp_ctx):
    prox_nice = lucie.get(f"{PAGE}?scrutin={scrutin_id(idp_ctx, 'CSA-PROX-nice')}")
    assert sorted(rows(prox_nice)) == [("CARON", "Sophie"), ("MOREAU", "Lucie")]
    capa_nice = lucie.get(f"{PAGE}?scrutin={scrutin_id(idp_ctx, 'CAPA-2D-nice')}")
    assert rows(capa_nice) == [("MOREAU", "Lucie")]


def test_the_list_of_a_scrutin_the_voter_is_not_elector_of_is_not_shown(lucie, idp_ctx):
    response = lucie.get(f"{PAGE}?scrutin={scrutin_id(idp_ctx, 'CSA-PROX-dijon')}")
    assert response.status_code == 200
    assert rows(response) == []
    assert "FONTAINE" not in text(response)
    assert "CSA de proximité de Dijon" not in text(response)


@pytest.mark.parametrize("query", ["page=abc", "page=-5", "page=99999999999999999999", "nom=%25_%FF"])
def test_odd_parameters_give_a_page_not_an_error(lucie, idp_ctx, query):
    response = lucie.get(f"{PAGE}?scrutin={scrutin_id(idp_ctx, 'CSA-MIN')}&{query}")
    assert response.status_code == 200
    assert "Traceback" not in text(response)


def test_the_lists_need_a_signed_in_voter(portal):
    assert portal.get(PAGE).status_code == 303
