"""FranceConnect's identity against the electors' file: the same person, whatever the spelling."""

from __future__ import annotations

from datetime import date

from voting_rp.election.models import Elector
from voting_rp.reassort.identity import matches

ANGELA = Elector(electeur_id="100001", email_pro="angela.dubois@ac-paris.fr", civility="Mme",
                 family_name="DUBOIS", given_names="Angela Claire Louise", birth_date=date(1962, 8, 24),
                 birth_place="75107", academie_code="paris", corps="2D")
FC_TEST = {"given_name": "Angela Claire Louise", "family_name": "DUBOIS", "birthdate": "1962-08-24",
           "birthplace": "75107", "birthcountry": "99100", "gender": "female"}


def test_fc_test_identity_matches_the_demo_voter():
    assert matches(ANGELA, FC_TEST)


def test_case_accents_and_hyphens_do_not_matter():
    assert matches(ANGELA, {**FC_TEST, "family_name": "Dubois", "given_name": "angela claire-louise"})


def test_another_person_is_refused():
    assert not matches(ANGELA, {**FC_TEST, "family_name": "MERCIER"})
    assert not matches(ANGELA, {**FC_TEST, "birthdate": "1962-08-25"})
    assert not matches(ANGELA, {**FC_TEST, "given_name": "Angela"})  # a given name is missing
    assert not matches(ANGELA, {**FC_TEST, "birthplace": "95277"})


def test_birthplace_is_compared_only_when_known():
    assert matches(ANGELA, {**FC_TEST, "birthplace": ""})
