"""Operators' commands for the portal: ``python -m idp --help``."""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import click
from sqlalchemy import select

from idp.election import demo, electorate
from idp.election import service as election
from idp.election.models import Election
from idp.oidc.clients import register_client
from idp.oidc.models import AUTH_METHODS
from idp.oidc.server import ACCESS_TOKEN_SECONDS, ID_TOKEN_SECONDS
from shared import db
from shared.cli import Refused, import_documents_command, import_register_command, refuse_in_production
from shared.election.register import Register
from shared.keys import REFRESH_SECONDS
from shared.oidc.jwt import ALLOWED_ALGS
from shared.settings import load_settings
from shared.trace import events as trace_events

if TYPE_CHECKING:
    from flask import Flask

    from idp.context import Idp


def _ctx() -> tuple[Flask, Idp]:
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
    trace_events.upgrade(settings.trace_database_url)  # shared by every service
    click.echo("Base idp et base de la trace à jour.")


@cli.command("init-keys")
def init_keys() -> None:
    """Create the signing keys on first run (ES256 and RS256, each with a published next key)."""
    app, _ctx_obj = _ctx()
    app.extensions["keyring"].ensure()
    click.echo("Clés de signature prêtes : " + ", ".join(
        f"{k.alg} {k.state} {k.kid[:12]}…" for k in app.extensions["keyring"].keys()))


# A running instance re-reads its keys every REFRESH_SECONDS, so it may sign with the old key for
# that long after the rotation: the old key stays published for a token lifetime beyond that.
MIN_RETIRE_AFTER = max(ID_TOKEN_SECONDS, ACCESS_TOKEN_SECONDS) + REFRESH_SECONDS


@cli.command("rotate-keys")
@click.option("--retire-after", type=click.IntRange(MIN_RETIRE_AFTER), default=3600, show_default=True,
              help="Secondes pendant lesquelles l'ancienne clé reste publiée (≥ durée de vie des jetons "
                   "+ délai de relecture des clés).")
def rotate_keys(retire_after: int) -> None:
    """Rotate by overlap: the published next key starts signing, a new next key is published."""
    app, _ctx_obj = _ctx()
    promoted = app.extensions["keyring"].rotate(timedelta(seconds=retire_after))
    click.echo(f"Clés désormais actives : {', '.join(promoted) or 'aucune'}.")


@cli.command("register-client")
@click.option("--client-id", required=True)
@click.option("--name", required=True)
@click.option("--secret-env", help="Variable d'environnement contenant le secret du client.")
@click.option("--auth-method", type=click.Choice(AUTH_METHODS), default="client_secret_basic")
@click.option("--redirect-uri", "redirect_uris", multiple=True, required=True)
@click.option("--post-logout-uri", "post_logout_uris", multiple=True)
@click.option("--backchannel-logout-uri")
@click.option("--jwks-file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--alg", type=click.Choice(ALLOWED_ALGS), default="ES256")
def register(client_id: str, name: str, secret_env: str | None, auth_method: str,
             redirect_uris: tuple[str, ...], post_logout_uris: tuple[str, ...],
             backchannel_logout_uri: str | None, jwks_file: Path | None, alg: str) -> None:
    """Register or update a relying party; its secret is read from the environment, never typed."""
    secret = os.environ.get(secret_env, "") if secret_env else None
    if secret_env and not secret:
        raise Refused(f"La variable {secret_env} est vide.")
    app, ctx = _ctx()
    try:
        register_client(ctx.db, client_id=client_id, name=name, secret=secret, auth_method=auth_method,
                        redirect_uris=list(redirect_uris), post_logout_redirect_uris=list(post_logout_uris),
                        backchannel_logout_uri=backchannel_logout_uri,
                        jwks=jwks_file.read_text() if jwks_file else None, alg=alg)
    except ValueError as error:
        raise Refused(str(error)) from error
    click.echo(f"Client « {client_id} » enregistré.")


@cli.command("register-voting-space")
def register_voting_space() -> None:
    """Register the voting space as a confidential client, from its URL and secret in the environment."""
    app, ctx = _ctx()
    secret = os.environ.get("VOTING_OIDC_CLIENT_SECRET", "")
    client_id = os.environ.get("VOTING_OIDC_CLIENT_ID", "espace-de-vote")
    voting = ctx.settings.voting_url
    try:
        register_client(ctx.db, client_id=client_id, name="Espace de vote", secret=secret,
                        auth_method="client_secret_basic",
                        redirect_uris=[f"{voting}/auth/portail/callback"],
                        post_logout_redirect_uris=[f"{voting}/deconnecte"],
                        backchannel_logout_uri=f"{voting}/auth/portail/backchannel-logout")
    except ValueError as error:
        raise Refused(f"VOTING_OIDC_CLIENT_SECRET : {error}") from error
    click.echo(f"Espace de vote enregistré comme client « {client_id} ».")


@cli.command("seed-demo")
@click.option("--opens", type=click.DateTime(), help="Ouverture du vote (UTC), par défaut maintenant.")
@click.option("--closes", type=click.DateTime(), help="Clôture du vote (UTC), par défaut +7 jours.")
@click.option("--json-out", type=click.Path(path_type=Path), default=None,
              help="Fichier JSON des électeurs de démonstration (défaut : DATA_DIR/demo-voters.json).")
def seed_demo(opens: datetime | None, closes: datetime | None, json_out: Path | None) -> None:
    """Create the demo election and its fictional voters (once; a second run keeps the data)."""
    refuse_in_production("idp", "seed-demo")
    app, ctx = _ctx()
    with app.app_context():
        created = demo.seed_demo(ctx, opens, closes)
    with ctx.db.session() as s:
        election = s.scalar(select(Election))
        assert election is not None  # demo.seed_demo created it, or found it there
    window = {"opens_at": election.opens_at.isoformat(), "closes_at": election.closes_at.isoformat()}
    (ctx.settings.data_dir / "demo-window.json").write_text(json.dumps(window))
    target = json_out or ctx.settings.data_dir / "demo-voters.json"
    target.write_text(json.dumps(demo.demo_voters_json(), ensure_ascii=False, indent=2))
    target.chmod(0o600)
    click.echo("Élection de démonstration créée." if created else "Données existantes conservées.")


cli.add_command(import_documents_command(lambda found: election.import_documents(_ctx()[1], found)))


def _store_register(register: Register, title: str, opens_at: datetime, closes_at: datetime) -> None:
    from idp.election.register import add_register, refuse_unless_empty

    ctx = _ctx()[1]
    with ctx.db.session() as s:
        refuse_unless_empty(s)
        add_register(s, ctx.hasher, register, title, opens_at, closes_at)


cli.add_command(import_register_command(_store_register))


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
    refuse_in_production("idp", "generate-electorate")
    app, ctx = _ctx()
    with app.app_context(), click.progressbar(length=electors, label="Électeurs générés") as bar:
        total = electorate.generate(ctx, electors, batch, bar.update)
    click.echo(f"{total} électeurs en base. Mot de passe commun : {electorate.LOAD_TEST_PASSWORD}")


@cli.command("create-reviewer")
@click.option("--login", required=True, help="Identifiant du relecteur (inspecteur des échanges).")
def create_reviewer(login: str) -> None:
    """Create (or reset) a reviewer account; the password is read from REVIEWER_PASSWORD."""
    from idp.inspector.service import ReviewerRefused, save_reviewer

    app, ctx = _ctx()
    try:
        created = save_reviewer(ctx, login, os.environ.get("REVIEWER_PASSWORD", ""))
    except ReviewerRefused as refused:
        raise Refused(refused.message) from refused
    click.echo(f"Relecteur « {login} » {'créé' if created else 'mis à jour'}.")
