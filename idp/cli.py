"""Operators' commands for the portal: ``python -m idp --help``."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import click

from idp.election import demo, electorate
from shared import db
from shared.settings import load_settings


def _ctx():  # type: ignore[no-untyped-def]
    from idp import create_app

    app = create_app()
    return app, app.extensions["idp"]


@click.group()
def cli() -> None:
    """Portail Élections (idp): database, demo data, electorates."""


@cli.command()
def migrate() -> None:
    """Bring the idp database to the newest schema (Alembic)."""
    settings = load_settings("idp")
    db.upgrade("idp", settings.database_url)
    click.echo("Base idp à jour.")


@cli.command("seed-demo")
@click.option("--opens", type=click.DateTime(), help="Ouverture du vote (UTC), par défaut maintenant.")
@click.option("--closes", type=click.DateTime(), help="Clôture du vote (UTC), par défaut +7 jours.")
@click.option("--json-out", type=click.Path(path_type=Path), default=None,
              help="Fichier JSON des électeurs de démonstration (défaut : DATA_DIR/demo-voters.json).")
def seed_demo(opens: datetime | None, closes: datetime | None, json_out: Path | None) -> None:
    """Create the demo election and its fictional voters (once; a second run keeps the data)."""
    app, ctx = _ctx()
    with app.app_context():
        created = demo.seed_demo(ctx, opens, closes)
    target = json_out or ctx.settings.data_dir / "demo-voters.json"
    target.write_text(json.dumps(demo.demo_voters_json(), ensure_ascii=False, indent=2))
    target.chmod(0o600)
    click.echo("Élection de démonstration créée." if created else "Données existantes conservées.")


@cli.command("demo-voters")
def demo_voters() -> None:
    """Print the demo voters' identifiers (and the password of the activated ones)."""
    for v in demo.DEMO_VOTERS:
        state = f"activé, mot de passe {v.password}" if v.activated else "à activer (lien par mail)"
        click.echo(f"  {v.email_pro:32} {v.civility} {v.family_name} {v.given_names.split()[0]} — {state}")


@cli.command("generate-electorate")
@click.option("--electors", type=click.IntRange(1, 5_000_000), required=True)
@click.option("--batch", type=click.IntRange(100, 100_000), default=10_000)
def generate_electorate(electors: int, batch: int) -> None:
    """Append a large fictional electorate (for load tests), in batches with flat memory."""
    app, ctx = _ctx()
    with app.app_context(), click.progressbar(length=electors, label="Électeurs générés") as bar:
        total = electorate.generate(ctx, electors, batch, bar.update)
    click.echo(f"{total} électeurs en base. Mot de passe commun : {electorate.LOAD_TEST_PASSWORD}")
