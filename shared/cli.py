"""What every operator command shares: a refusal said in French.

Click prints its own refusals as ``Error: …``; the operators of this election read French
everywhere else, so a command that refuses raises :class:`Refused` and prints ``Erreur : …`` on
standard error, with exit status 1 like any Click refusal.
"""

from __future__ import annotations

from typing import IO, Any

import click


class Refused(click.ClickException):
    """The command refuses (bad input, missing secret, nothing to do): a French message, status 1."""

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"Erreur : {self.message}", file=file, err=True)
