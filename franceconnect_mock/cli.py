"""Commands of the FranceConnect mock: ``python -m franceconnect_mock --help``."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import click

from franceconnect_mock.context import FcMock
from shared import db
from shared.cli import Refused
from shared.settings import load_settings
from shared.trace import events as trace_events


def _context() -> FcMock:
    from franceconnect_mock import build_context

    return build_context(load_settings("franceconnect_mock"))


def prepare() -> FcMock:
    """Newest schema and signing keys (an EC and an RSA key, each with its published successor)."""
    settings = load_settings("franceconnect_mock")
    db.upgrade("franceconnect_mock", settings.database_url)
    trace_events.upgrade(settings.trace_database_url)  # the protocol trace store
    ctx = _context()
    ctx.keyring.ensure()
    return ctx


@click.group()
def cli() -> None:
    """Simulateur FranceConnect : base, clés, clients de départ, serveur."""


@cli.command()
def migrate() -> None:
    """Bring the database to the newest schema and create the signing keys if missing."""
    prepare()
    click.echo("Base franceconnect_mock à jour, clés de signature présentes.")


@cli.command()
def seed() -> None:
    """Migrate, then register the voting space (VOTING_FC_CLIENT_ID / VOTING_FC_CLIENT_SECRET) and
    the demo client."""
    from franceconnect_mock.seeding import seed as seed_clients

    secret = os.environ.get("VOTING_FC_CLIENT_SECRET")
    if not secret:
        raise Refused("VOTING_FC_CLIENT_SECRET est obligatoire "
                      "(secret du client espace de vote).")
    client_id = os.environ.get("VOTING_FC_CLIENT_ID") or "espace-de-vote-elections"
    for message in seed_clients(prepare(), client_id, secret):  # a fresh data folder works too
        click.echo(message)


@cli.command("rotate-keys")
def rotate_keys() -> None:
    """Promote the published next keys to signing keys; the old ones stay published an hour."""
    from franceconnect_mock.console.service import rotate_keys as rotate

    promoted = rotate(_context())
    click.echo(f"Clés actives : {', '.join(promoted)}")


@cli.command()
@click.option("--bind", default=None, help="Adresse d'écoute (défaut : 127.0.0.1 et le port de FC_URL).")
def serve(bind: str | None) -> None:
    """Migrate, then serve over HTTPS in this process (TLS_CERT_FILE / TLS_KEY_FILE)."""
    from franceconnect_mock.server import run

    ctx = prepare()
    port = urlsplit(ctx.settings.fc_url).port or 443
    run(bind or f"127.0.0.1:{port}")
