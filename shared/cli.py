"""What every operator command shares: a refusal said in French.

Click prints its own refusals as ``Error: …``; the operators of this election read French
everywhere else, so a command that refuses raises :class:`Refused` and prints ``Erreur : …`` on
standard error, with exit status 1 like any Click refusal.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import click

from shared.election import documents
from shared.election.register import Register, RegisterRefused, read_register
from shared.settings import load_settings
from shared.timeutil import PARIS

# Where the register goes: (register, title, opening, closing), UTC; RegisterRefused writes nothing.
StoreRegister = Callable[[Register, str, datetime, datetime], None]
PARIS_TIME = click.DateTime(formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])


class Refused(click.ClickException):
    """The command refuses (bad input, missing secret, nothing to do): a French message, status 1."""

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"Erreur : {self.message}", file=file, err=True)


def import_documents_command(store: Callable[[list[documents.FoundDocument]], None]) -> click.Command:
    """``import-documents``, the same in both services: ``store`` writes the checked documents into
    the service's database in one transaction (or raises DocumentRefused and writes nothing)."""

    @click.command("import-documents")
    @click.option("--folder", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
                  help=f"Dossier des professions de foi : {documents.LAYOUT} (PDF, 5 Mio au plus).")
    def import_documents(folder: Path) -> None:
        """Import the lists' professions de foi, all or none; print each one's SHA-256 (compare the
        portal's and the voting space's imports of the same folder)."""
        try:
            found = documents.read_folder(folder)
            store(found)
        except documents.DocumentRefused as refused:
            raise Refused(f"{refused} Aucun document n'a été importé.") from refused
        for line in documents.import_report(found):
            click.echo(line)
        click.echo(f"{len(found)} profession(s) de foi importée(s).", err=True)  # stdout: sha256sum's format

    return import_documents


def refuse_in_production(service: str, command: str) -> None:
    """Demo and load-test data (one shared password and code de vote) never reach a real election."""
    if load_settings(service).is_production:
        raise Refused(f"« {command} » crée des électeurs fictifs : commande refusée en production "
                      "(ELECTIONS_ENV=production). Importez le fichier des électeurs avec "
                      "« import-election ».")


def _utc(moment: datetime) -> datetime:
    """A time typed in Paris time, as stored (naive UTC)."""
    return moment.replace(tzinfo=PARIS).astimezone(UTC).replace(tzinfo=None)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise Refused(f"{path.name} n'est pas encodé en UTF-8 : rien n'a été importé.") from exc


def import_register_command(store: StoreRegister) -> click.Command:
    """``import-election``, the same in both services: the electors' file and the scrutins file,
    checked as a whole, then written by ``store`` in one transaction, or nothing at all."""
    existing = click.Path(exists=True, dir_okay=False, path_type=Path)

    @click.command("import-election")
    @click.option("--electeurs", "electors", required=True, type=existing,
                  help="Fichier des électeurs (CSV ; colonnes : voir docs/operations.md).")
    @click.option("--scrutins", "scrutins", required=True, type=existing,
                  help="Fichier des scrutins, une ligne par liste (CSV).")
    @click.option("--titre", required=True, help="Titre de l'élection.")
    @click.option("--ouverture", required=True, type=PARIS_TIME, help="Ouverture du vote (heure de Paris).")
    @click.option("--fermeture", required=True, type=PARIS_TIME, help="Clôture du vote (heure de Paris).")
    def import_election(electors: Path, scrutins: Path, titre: str, ouverture: datetime,
                        fermeture: datetime) -> None:
        """Import the election: its window, its scrutins and lists, its electors (all or nothing)."""
        if not 0 < len(titre.strip()) <= 200:
            raise Refused("Le titre de l'élection doit compter de 1 à 200 caractères : rien n'a été importé.")
        if fermeture <= ouverture:
            raise Refused("La clôture doit suivre l'ouverture : rien n'a été importé.")
        try:
            register = read_register(_read(electors), _read(scrutins))
            store(register, titre.strip(), _utc(ouverture), _utc(fermeture))
        except RegisterRefused as refused:
            raise Refused(f"{refused}\nRien n'a été importé.") from refused
        click.echo("Import terminé : " + "\n".join(register.report()))

    return import_election
