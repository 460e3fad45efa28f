""""Mes scrutins": only the scrutins the voter is elector of, with their candidate lists."""

from __future__ import annotations

import html
import re

import pytest
from werkzeug.test import TestResponse

from shared.election.demo import DEMO_PASSWORD
from tests.support.client import PageClient
from tests.support.journeys import PortalActions

PAGE = "/portail/mes-scrutins"


def scrutin_titles(response: TestResponse) -> list[str]:
    return re.findall(r'<h2 id="scrutin-\d+">([^<]+)</h2>', html.unescape(response.get_data(as_text=True)))


def test_lucie_sees_the_four_scrutins_of_her_corps_and_academie_in_the_seeds_order(lucie):
    assert scrutin_titles(lucie.get(PAGE)) == [  # seed 000: CAPA, CAPN, CSA ministériel, CSA de proximité
        "CAPA des ens. du 2d degré, prof. de l'ensam, cpe, psy. de Nice",
        "CAPN des ens. du 2nd degré, prof. de l'ensam, cpe, psyen",
        "CSA ministériel de l'éducation nationale",
        "CSA de proximité de Nice",
    ]


def test_lucie_does_not_see_other_academies_or_corps(lucie):
    titles = scrutin_titles(lucie.get(PAGE))
    assert "CSA de proximité de Dijon" not in titles
    assert "CAPN des professeurs des écoles" not in titles
    assert "CAPA des professeurs des écoles de Nice" not in titles
    assert "CAPA des ens. du 2d degré, prof. de l'ensam, cpe, psy. de Dijon" not in titles


@pytest.mark.parametrize(("email", "expected"), [
    ("marc.giraud@ac-creteil.fr", ["CAPA des professeurs des écoles de Créteil",
                                   "CAPN des professeurs des écoles",
                                   "CSA ministériel de l'éducation nationale",
                                   "CSA de proximité de Créteil"]),
    ("angela.dubois@ac-paris.fr", ["CAPA des ens. du 2d degré, prof. de l'ensam, cpe, psy. de Paris",
                                   "CAPN des ens. du 2nd degré, prof. de l'ensam, cpe, psyen",
                                   "CSA ministériel de l'éducation nationale",
                                   "CSA de proximité de Paris"]),
])
def test_each_voter_sees_their_own_scrutins(idp_app, mailbox, email, expected):
    actions = PortalActions(PageClient(idp_app), mailbox)
    actions.sign_in(email, DEMO_PASSWORD)
    assert scrutin_titles(actions.client.get(PAGE)) == expected


def test_each_scrutin_shows_its_candidate_lists(lucie):
    page = html.unescape(lucie.get(PAGE).get_data(as_text=True))
    assert page.count("<summary>Union nationale des personnels enseignants (UNPE)</summary>") == 4
    assert "Mme AUBRY Hélène" in page


def test_the_page_needs_a_signed_in_voter(portal):
    assert portal.get(PAGE).status_code == 303
