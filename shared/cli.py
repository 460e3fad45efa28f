"""What every operator command shares: a refusal said in French.

Click prints its own refusals as ``Error: …``; the operators of this election read French
everywhere else, so a command that refuses raises :class:`Refused` and prints ``Erreur : …`` on
standard error, with exit status 1 like any Click refusal.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import click

from shared.election import documents


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
