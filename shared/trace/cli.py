"""Commands of the trace (``python -m shared.trace``): migrate the store, list and export journeys,
check an export offline, with the tokens a reviewer holds.

The store is ``TRACE_DATABASE_URL`` (default ``sqlite:///DATA_DIR/trace.db``), as for the services.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import timedelta
from pathlib import Path

import click

from shared.cli import Refused
from shared.settings import trace_database_url
from shared.trace import events as trace_events
from shared.trace.events import TraceStore
from shared.trace.journeys import export, verify_export


def _store() -> TraceStore:
    return TraceStore(trace_database_url(os.environ))


@click.group()
def cli() -> None:
    """Trace des échanges de protocole : base, parcours, export et vérification hors ligne."""


@cli.command()
def migrate() -> None:
    """Bring the trace store to the newest schema (Alembic)."""
    trace_events.upgrade(trace_database_url(os.environ))
    click.echo("Base de la trace à jour.")


@cli.command("list")
@click.option("--limit", type=click.IntRange(1, 500), default=20, show_default=True)
def list_journeys(limit: int) -> None:
    """The newest journeys: id, first and last time, services, number of events."""
    for events in _store().journeys(limit=limit):
        services = ", ".join(sorted({e["service"] for e in events}))
        click.echo(f"{events[0]['id']:>8}  {events[0]['at']}  {events[-1]['at']}  "
                   f"{len(events):>4} événements  {services}")


@cli.command("export")
@click.option("--journey", "journey", type=int, required=True,
              help="Numéro du parcours (son premier événement).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
def export_command(journey: int, out: Path) -> None:
    """Write one journey, its decoded JWTs and the JWKS they need, as JSON."""
    document = export(_store(), journey)
    if document is None:
        raise Refused(f"Aucun parcours n° {journey} dans la trace.")
    out.write_text(json.dumps(document, ensure_ascii=False, indent=2))
    click.echo(f"Parcours {journey} exporté : {len(document['events'])} événements, {out}")


@cli.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--jeton", "token_files", multiple=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Fichier contenant un jeton (JWS compact) que vous détenez ; répétable.")
def verify(path: Path, token_files: tuple[Path, ...]) -> None:
    """List an export's JWTs as recorded; verify offline the tokens you hold against its JWKS."""
    try:
        document = json.loads(path.read_text())
        tokens = [f.read_text().strip() for f in token_files]
    except (ValueError, UnicodeDecodeError) as error:
        raise Refused(f"Fichier illisible : {type(error).__name__}") from error
    findings = verify_export(document if isinstance(document, dict) else {}, tokens)
    for finding in findings:
        mark = {True: "✓", False: "✗", None: "·"}[finding.ok]
        click.echo(f"{mark} {finding.text}")
    failed = sum(1 for f in findings if f.ok is False)
    passed = sum(1 for f in findings if f.ok is True)
    click.echo(f"Bilan : {passed} signature(s) vérifiée(s), {failed} échec(s).")
    if failed:
        click.echo("Vérification ÉCHOUÉE.", err=True)
        sys.exit(1)
    if not tokens:
        click.echo("La trace ne garde aucun jeton entier : donnez avec --jeton ceux que vous détenez "
                   "pour en vérifier la signature.")


@cli.command()
@click.option("--hours", type=click.IntRange(1), default=None,
              help="Rétention en heures (défaut : TRACE_RETENTION_HOURS).")
def purge(hours: int | None) -> None:
    """Apply the retention now (by age, then by TRACE_MAX_EVENTS)."""
    retention = hours or int(os.environ.get("TRACE_RETENTION_HOURS") or 72)
    removed = _store().purge(timedelta(hours=retention), int(os.environ.get("TRACE_MAX_EVENTS") or 100_000))
    click.echo(f"{removed} événement(s) supprimé(s).")
