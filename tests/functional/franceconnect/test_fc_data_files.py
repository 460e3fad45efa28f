"""The data files are validated: a fault names the entry and field, and the mock does not start."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from franceconnect_mock.identities.catalogue import DATA_FILE as IDENTITIES_FILE
from franceconnect_mock.identities.catalogue import CatalogueError, load_catalogue, parse_catalogue
from franceconnect_mock.identities.records import IdentityError, parse_identity
from franceconnect_mock.scenarios.catalogue import DATA_FILE as SCENARIOS_FILE
from franceconnect_mock.scenarios.catalogue import ScenarioFileError, load_scenarios, parse_scenarios

IDENTITIES = json.loads(IDENTITIES_FILE.read_text(encoding="utf-8"))
SCENARIOS = json.loads(SCENARIOS_FILE.read_text(encoding="utf-8"))
LOGINS = {i["login"] for i in IDENTITIES["identities"]}


def test_shipped_files_are_valid_and_hold_every_reference_identity() -> None:
    catalogue = load_catalogue()
    logins = {i.login for i in catalogue.identities}
    assert {"test", "avec_nom_dusage", "naissance_Algérie", "genre_indéfini",
            "étranger_présumé_né_jour_et_mois", "mineur", "sans_prenom", "sans_nom_de_naissance",
            "sans_email",
            "caracteres_speciaux", "nom_long"} <= logins
    scenarios = load_scenarios(logins)
    assert {a.id for a in scenarios.adversarial} == {
        "bad_signature", "unknown_kid", "alg_none", "hs256_public_key", "wrong_aud", "wrong_iss", "expired",
        "wrong_nonce", "downgraded_acr", "replayed_code", "tampered_state"}
    assert {f.login for f in scenarios.failures} == {
        "fi_sans_sub", "fi_reponse_illisible", "fi_erreur_401", "fi_erreur_500", "fi_erreur_502",
        "fi_erreur_503", "fi_delai_32s"}


def test_reference_identities_match_the_sheet() -> None:
    catalogue = load_catalogue()
    test = catalogue.identity("test")
    assert test and (test.given_name, test.family_name, test.gender, test.birthdate, test.birthplace,
                     test.birthcountry) == ("Angela Claire Louise", "DUBOIS", "female", "1962-08-24", "75107",
                                            "99100")
    targe = catalogue.identity("étranger_présumé_né_jour_et_mois")
    assert targe and targe.idp_birthdate == "1992-00-00" and targe.birthcountry == "99217"


@pytest.mark.parametrize(("field", "value", "error"), [
    ("gender", "homme", "gender"), ("birthdate", "1962-13-01", "birthdate"),
    ("birthdate", "24/08/1962", "birthdate"), ("birthdate", "1962-00-12", "birthdate"),
    ("birthcountry", "100", "birthcountry"), ("birthplace", "", "birthplace"),
    ("birthplace", "7510", "birthplace"), ("email", "pas-une-adresse", "email"), ("login", "a b", "login"),
    ("given_name", None, "given_name"), ("family_name", " DUBOIS", "family_name"),
])
def test_identity_rules(field: str, value: Any, error: str) -> None:
    entry = {**IDENTITIES["identities"][0], field: value}
    with pytest.raises(IdentityError) as refused:
        parse_identity(entry)
    assert error in refused.value.errors


def test_born_abroad_must_have_an_empty_birthplace() -> None:
    entry = {**IDENTITIES["identities"][0], "birthcountry": "99352"}
    with pytest.raises(IdentityError, match="birthplace"):
        parse_identity(entry)


def test_catalogue_refuses_duplicates_and_names_the_entry() -> None:
    raw = copy.deepcopy(IDENTITIES)
    raw["identities"].append(raw["identities"][0])
    with pytest.raises(CatalogueError, match="doublons test"):
        parse_catalogue(raw)
    raw = copy.deepcopy(IDENTITIES)
    raw["identities"][3]["gender"] = "x"
    with pytest.raises(CatalogueError, match=r"identities\[3\] \('genre_indéfini'\)"):
        parse_catalogue(raw)
    raw = copy.deepcopy(IDENTITIES)
    raw["identity_providers"][0]["acr_values"] = ["eidas9"]
    with pytest.raises(CatalogueError, match="acr_values"):
        parse_catalogue(raw)


@pytest.mark.parametrize(("section", "index", "change", "message"), [
    ("adversarial", 0, {"tamper": "magie"}, "tamper"),
    ("adversarial", 4, {"params": {"couleur": "bleu"}}, "params"),
    ("adversarial", 6, {"params": {"seconds": "beaucoup"}}, "params"),
    ("adversarial", 0, {"targets": ["authorization_response"]}, "targets"),
    ("adversarial", 0, {"identity": "personne"}, "identity"),
    ("adversarial", 9, {"tamper": "flip_signature"}, "tamper"),
    ("adversarial", 0, {"check": ""}, "check"),
    ("failure_logins", 0, {"y_code": "E000001"}, "y_code"),
    ("failure_logins", 0, {"outcome": "peut-être"}, "outcome"),
    ("failure_logins", 6, {"delay_seconds": 3600}, "delay_seconds"),
    ("failure_logins", 0, {"login": "test"}, "déjà pris"),
    ("failure_logins", 1, {"login": "fi_sans_sub"}, "double"),
])
def test_scenario_file_rules(section: str, index: int, change: dict[str, Any], message: str) -> None:
    raw = copy.deepcopy(SCENARIOS)
    raw[section][index].update(change)
    with pytest.raises(ScenarioFileError, match=message):
        parse_scenarios(raw, LOGINS)
