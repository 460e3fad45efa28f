"""``import-election`` in both services: an electors' file and a scrutins file (CSV), checked as a
whole, imported all or nothing with a French report; the demo and load-test commands refused in
production. The people here are fictional."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from idp.cli import cli as idp_cli
from shared import db
from tests.support import settings as support_settings
from tests.support.ballots import CLIENT_SECRET
from voting_rp.cli import cli as voting_cli

SCRUTINS = """code;type;titre;academie;academie_nom;corps;liste;syndicat;candidats
CSA-MIN;CSA-MIN;CSA ministériel;;;;1;Syndicat A;Mme ALBERT Jeanne | M. BRUN Paul
CSA-MIN;CSA-MIN;CSA ministériel;;;;2;Syndicat B;Mme COLIN Anaïs
CSA-PROX-lyon;CSA-PROX;CSA de proximité de Lyon;lyon;Lyon;;1;Syndicat A;M. DUPRE Henri
CAPA-1D-lille;CAPA;CAPA des professeurs des écoles de Lille;lille;Lille;1D;1;Syndicat B;Mme ESNAULT Iris
CAPA-1D-lille;CAPA;CAPA des professeurs des écoles de Lille;lille;Lille;1D;2;Syndicat C;M. FERRAND Noé
"""
HEADER = ("electeur_id;email_pro;civilite;nom;prenoms;date_naissance;lieu_naissance;pays_naissance;academie;"
          "corps;numen;nir10\n")
ELECTORS = HEADER + """\
300001;jeanne.girard@ac-lyon.fr;Mme;GIRARD;Jeanne;1981-03-14;69123;99100;lyon;1D;81E5550001LYO;2810369123
300002;paul.henry@ac-lyon.fr;M.;HENRY;Paul;02/07/1975;;99350;lyon;1D;75E5550002LYO;1750799350
300003;iris.joly@ac-lille.fr;Mme;JOLY;Iris;1990-12-01;59350;99100;lille;1D;90E5550003LIL;2901259350
"""
FAULTY = HEADER + """\
300001;jeanne.girard@ac-lyon.fr;Mme;GIRARD;Jeanne;1981-03-14;69123;99100;lyon;1D;81E5550001LYO;2810369123
300002;pas-une-adresse;M.;HENRY;Paul;1975-07-02;;99350;lyon;1D;75E5550002LYO;1750799350
300003;iris.joly@ac-lille.fr;Mme;JOLY;Iris;1990-12-01;59350;99100;marseille;1D;90E5550003LIL;2901259350
300001;autre@ac-lyon.fr;Mme;KLEIN;Léa;1985-05-05;69123;99100;lyon;1D;85E5550004LYO;2850569123
"""
OPENS, CLOSES = "2031-12-01T08:00", "2031-12-08T17:00"
WINDOW = ("--titre", "Élections de test", "--ouverture", OPENS, "--fermeture", CLOSES)
TABLES = {"idp": ("voters", "scrutins", "elections"),
          "voting_rp": ("electors", "voting_scrutins", "voting_window")}


@dataclass
class Service:
    name: str
    cli: click.Group
    environ: dict[str, str]
    folder: Path

    def run(self, *args: str) -> Result:
        return CliRunner().invoke(self.cli, list(args), env=self.environ, catch_exceptions=False)

    def counts(self) -> tuple[int, ...]:
        with closing(sqlite3.connect(self.folder / f"{self.name}.db")) as connection:
            return tuple(connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608
                         for t in TABLES[self.name])

    def files(self, electors: str = ELECTORS, scrutins: str = SCRUTINS) -> tuple[str, ...]:
        (self.folder / "electeurs.csv").write_text(electors, encoding="utf-8")
        (self.folder / "scrutins.csv").write_text(scrutins, encoding="utf-8")
        return ("import-election", "--electeurs", str(self.folder / "electeurs.csv"),
                "--scrutins", str(self.folder / "scrutins.csv"), *WINDOW)


@pytest.fixture(params=["idp", "voting_rp"])
def service(request: pytest.FixtureRequest, tmp_path: Path) -> Service:
    """The service's database migrated and empty."""
    environ = {**support_settings.test_environ(tmp_path), "VOTING_OIDC_CLIENT_SECRET": CLIENT_SECRET}
    db.upgrade(request.param, f"sqlite:///{tmp_path}/{request.param}.db")
    return Service(request.param, idp_cli if request.param == "idp" else voting_cli, environ, tmp_path)


def test_a_valid_register_is_imported_with_its_report(service: Service) -> None:
    result = service.run(*service.files())
    assert result.exit_code == 0, result.output
    assert "3 électeur(s), 3 scrutin(s), 5 liste(s), 2 académie(s)." in result.output
    assert "CSA-MIN : 3 inscrit(s), 2 liste(s)" in result.output
    assert "CSA-PROX-lyon : 2 inscrit(s)" in result.output and "CAPA-1D-lille : 1 inscrit(s)" in result.output
    assert service.counts() == (3, 3, 1)
    stored = (service.folder / f"{service.name}.db").read_bytes()
    assert b"81E5550001LYO" not in stored and b"2810369123" not in stored  # NUMEN, NIR: hashed or absent


def test_a_faulty_file_is_refused_whole_with_every_fault_and_nothing_is_written(service: Service) -> None:
    result = service.run(*service.files(electors=FAULTY))
    assert result.exit_code == 1
    assert "Fichier des électeurs, ligne 3 : email_pro : adresse invalide." in result.output
    assert "ligne 4 : academie : absente du fichier des scrutins." in result.output
    assert "ligne 5 : electeur_id 300001 déjà présent plus haut." in result.output
    assert "Rien n'a été importé." in result.output and "Traceback" not in result.output
    assert service.counts() == (0, 0, 0)  # line 2 was valid: not written either


def test_a_wrong_header_or_list_numbering_is_refused(service: Service) -> None:
    gap = SCRUTINS.replace("Lille;1D;2;Syndicat C", "Lille;1D;3;Syndicat C")
    result = service.run(*service.files(electors=ELECTORS.replace("numen", "numero"), scrutins=gap))
    assert result.exit_code == 1
    assert "colonnes manquantes : numen ; inconnues ou en double : numero" in result.output
    assert "les listes de CAPA-1D-lille doivent être numérotées 1, 2, 3… sans trou." in result.output
    assert service.counts() == (0, 0, 0)


def test_a_second_import_and_a_closing_before_the_opening_are_refused(service: Service) -> None:
    assert service.run(*service.files()).exit_code == 0
    again = service.run(*service.files())
    assert again.exit_code == 1 and "l'import se fait dans une base vide" in again.output
    reversed_window = [*service.files()[:-4], "--ouverture", CLOSES, "--fermeture", OPENS]
    refused = service.run(*reversed_window)
    assert refused.exit_code == 1 and "La clôture doit suivre l'ouverture" in refused.output
    assert service.counts() == (3, 3, 1)


PRODUCTION = {"ELECTIONS_ENV": "production", "SMTP_URL": "smtps://relais.example.org:465",
              "SMS_API_URL": "https://sms.example.org/api/envoi", "DEVBOX_URL": "https://devbox.example.org"}


@pytest.mark.parametrize("command", [["seed-demo"], ["generate-electorate", "--electors", "10"]])
def test_demo_and_load_test_electors_are_refused_in_production(service: Service, command: list[str]) -> None:
    service.environ = {k: v for k, v in service.environ.items() if k != "CAPTCHA_TEST_ANSWER"} | PRODUCTION
    result = service.run(*command)
    assert result.exit_code == 1
    assert f"« {command[0]} » crée des électeurs fictifs : commande refusée en production" in result.output
    assert service.counts() == (0, 0, 0)
