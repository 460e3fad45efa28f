"""Operators' commands for the voting space: ``python -m voting_rp --help``."""

from __future__ import annotations

import click

from shared import db
from shared.settings import load_settings


@click.group()
def cli() -> None:
    """Espace de vote: database."""


@cli.command()
def migrate() -> None:
    """Bring the voting space database to the newest schema (Alembic)."""
    settings = load_settings("voting_rp")
    db.upgrade("voting_rp", settings.database_url)
    click.echo("Base de l'espace de vote à jour.")
