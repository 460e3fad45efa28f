"""Operators' commands for the voting space: ``python -m voting_rp --help``."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from shared import db
from shared.cli import Refused, import_documents_command, import_register_command, refuse_in_production
from shared.election.demo import DEMO_VOTERS
from shared.election.documents import FoundDocument
from shared.election.register import Register
from shared.settings import load_settings
from shared.trace import events as trace_events
from voting_rp import create_app
from voting_rp.ballots.cli import COMMANDS as BALLOT_COMMANDS
from voting_rp.config import load_voting_config
from voting_rp.voting_codes.alphabet import grouped

if TYPE_CHECKING:
    from flask import Flask

    from voting_rp.context import Voting


def _app() -> tuple[Flask, Voting]:
    app = create_app()
    return app, app.extensions["voting"]


@click.group()
@click.pass_context
def cli(click_ctx: click.Context) -> None:
    """Espace de vote: database, demo election, codes de vote."""
    # The feature commands (ballots) build the voting space through this, only when they run.
    click_ctx.obj = lambda: _app()[1]


@cli.command()
def migrate() -> None:
    """Bring the voting space database to the newest schema (Alembic)."""
    settings = load_settings("voting_rp")
    db.upgrade("voting_rp", settings.database_url)
    urne_url = load_voting_config(settings).urne_database_url  # the urne: its own database
    db.upgrade("voting_rp", urne_url, "urne_migrations")
    trace_events.upgrade(settings.trace_database_url)  # the protocol trace store
    click.echo("Base de l'espace de vote et urne à jour.")


@cli.command("seed-demo")
def seed_demo() -> None:
    """Create the demo election (same window as the portal's) and issue the demo voters' codes."""
    refuse_in_production("voting_rp", "seed-demo")
    from voting_rp.demo import seed_demo as seed
    from voting_rp.election.demo import window_from_portal

    app, ctx = _app()
    with app.app_context():
        codes = seed(ctx, *window_from_portal(ctx.settings.data_dir))
    target = ctx.settings.data_dir / "demo-codes.json"
    if codes:
        target.write_text(json.dumps(codes, indent=2))
        target.chmod(0o600)
        click.echo("Élection de démonstration créée dans l'espace de vote.")
    else:
        click.echo("Données existantes de l'espace de vote conservées.")


def _store_documents(found: list[FoundDocument]) -> None:
    from voting_rp.election.service import import_documents

    import_documents(_app()[1], found)


cli.add_command(import_documents_command(_store_documents))


def _store_register(register: Register, title: str, opens_at: datetime, closes_at: datetime) -> None:
    from voting_rp.election.catalog import catalog
    from voting_rp.election.register import add_register, refuse_unless_empty

    ctx = _app()[1]
    with ctx.db.session() as s:
        refuse_unless_empty(s)
        add_register(s, register, title, opens_at, closes_at)
    catalog(ctx.db).forget()


cli.add_command(import_register_command(_store_register))


@cli.command("notices")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--all", "reissue_all", is_flag=True,
              help="Émettre de nouveaux codes pour tous les électeurs (les anciens cessent de fonctionner).")
def notices(out: Path, reissue_all: bool) -> None:
    """Issue codes de vote and write one PDF notice per elector (electors without a code by default)."""
    from sqlalchemy import select

    from voting_rp.election import service as election
    from voting_rp.election.models import Elector
    from voting_rp.voting_codes.notices import write_notice
    from voting_rp.voting_codes.service import issue_codes

    app, ctx = _app()
    out.mkdir(parents=True, exist_ok=True)
    with ctx.db.session() as s:
        query = select(Elector) if reissue_all else select(Elector).where(Elector.code_hash.is_(None))
        electors = list(s.scalars(query))
    if reissue_all and electors and not click.confirm(f"Réémettre {len(electors)} codes de vote ?"):
        raise click.Abort()
    window = election.window(ctx)
    with click.progressbar(electors, label="Notices de vote") as bar:
        for elector in bar:
            code = issue_codes(ctx, [elector.electeur_id])[elector.electeur_id]
            write_notice(out, elector, code, election.scrutins_of(ctx, elector), window,
                         ctx.settings.idp_url)
    click.echo(f"{len(electors)} notice(s) écrite(s) dans {out}.")


@cli.command("generate-electorate")
@click.option("--electors", type=click.IntRange(1, 5_000_000), required=True)
@click.option("--batch", type=click.IntRange(100, 100_000), default=10_000)
def generate_electorate(electors: int, batch: int) -> None:
    """Append the generated electorate of a load test (the same people as the portal's command)."""
    refuse_in_production("voting_rp", "generate-electorate")
    from shared.election.generated import LOAD_TEST_CODE
    from voting_rp.election.electorate import generate

    app, ctx = _app()
    with app.app_context(), click.progressbar(length=electors, label="Électeurs générés") as bar:
        total = generate(ctx, electors, batch, bar.update)
    click.echo(f"{total} électeurs dans le fichier. Code de vote commun : {grouped(LOAD_TEST_CODE)}")


@cli.command("demo-codes")
def demo_codes() -> None:
    """Print the demo voters' current codes de vote (development only)."""
    settings = load_settings("voting_rp")
    path: Path = settings.data_dir / "demo-codes.json"
    if settings.is_production or not path.exists():
        raise Refused("Aucun code de démonstration disponible.")
    codes = json.loads(path.read_text())
    for voter in DEMO_VOTERS:
        if voter.electeur_id in codes:
            click.echo(f"  {voter.email_pro:32} code de vote : {grouped(codes[voter.electeur_id])}")


for _command in BALLOT_COMMANDS:
    cli.add_command(_command)
