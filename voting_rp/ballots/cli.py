"""Operators' commands: key ceremony, recovery, seal, seal check, tally, re-count, urne export.

Attached to ``python -m voting_rp`` by ``voting_rp/cli.py``; ``--help`` on each says what it does.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from shared.cli import Refused
from voting_rp.ballots.ceremony import (
    CeremonyError,
    current_key,
    read_share,
    run_ceremony,
    share_filename,
    write_share,
)
from voting_rp.ballots.closing import count, read_urne, seal, verify
from voting_rp.ballots.service import recover
from voting_rp.context import Voting
from voting_rp.urne.seal import SealError
from voting_rp.urne.tally import TallyError, differences, fingerprints_file, publish, results_file

T = TypeVar("T")


def _ctx() -> Voting:
    from voting_rp import create_app

    return create_app().extensions["voting"]


def _bar(items: Iterable[T], length: int, label: str) -> Iterable[T]:
    """A progress bar on stderr for the long steps (reading, checking, decrypting the urne)."""
    with click.progressbar(items, length=length, label=label, file=sys.stderr) as bar:
        yield from bar


@click.command()
@click.option("--holders", required=True, help="Noms des détenteurs de parts, séparés par des virgules.")
@click.option("--threshold", required=True, type=int, help="Nombre de parts nécessaires au dépouillement.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Dossier où écrire chaque part dans son propre fichier (0600). Sans --out, chaque part "
                   "est affichée une seule fois.")
@click.option("--replace", is_flag=True, help="Remplacer une clé existante (seulement si l'urne est vide).")
@click.option("--if-missing", is_flag=True, help="Ne rien faire si la clé existe déjà.")
def ceremony(holders: str, threshold: int, out: Path | None, replace: bool, if_missing: bool) -> None:
    """Key ceremony: generate the election key pair and split the private key k-of-n."""
    names = [name.strip() for name in holders.split(",")]
    ctx = _ctx()
    if if_missing and current_key(ctx) is not None:
        click.echo("Clé d'élection existante conservée.")
        return
    try:
        if out is not None:
            out.mkdir(mode=0o700, parents=True, exist_ok=True)  # shares: owner only
            taken = [p for p in out.glob("part-*.json")]
            if taken:
                raise CeremonyError(f"{out} contient déjà des parts : choisissez un dossier vide.")
        shares = run_ceremony(ctx, names, threshold, replace)
    except CeremonyError as exc:
        raise Refused(str(exc)) from exc
    click.echo(f"Clé de l'élection créée (identifiant {shares[0].kid}) ; il faudra {threshold} parts "
               f"sur {len(shares)} pour dépouiller.")
    for share in shares:
        if out is not None:
            click.echo(f"  part de {share.holder} : {write_share(share, threshold, len(shares), out)}")
        else:
            click.echo(f"\n--- Part de {share.holder} (à recopier dans {share_filename(share)}, affichée une "
                       "seule fois) ---")
            click.echo(share.to_json(threshold, len(shares)))


@click.command("urne-reprise")
@click.option("--grace", default=None, type=int, help="Âge minimal (s) d'un vote inachevé pour l'annuler.")
def urne_recover(grace: int | None) -> None:
    """Finish or undo the votes that a dead process left half-done (both or neither)."""
    from datetime import timedelta

    report = recover(_ctx(), None if grace is None else timedelta(seconds=grace))
    click.echo(f"Votes terminés : {report.finished} ; annulés : {report.aborted} ; restes d'urne supprimés : "
               f"{report.orphans} ; encore en cours : {report.in_flight}.")


@click.command("seal")
def seal_command() -> None:
    """Seal the urne after closing: signed digest over the sorted ballot fingerprints."""
    try:
        row = seal(_ctx(), _bar)
    except SealError as exc:
        raise Refused(str(exc)) from exc
    click.echo(f"Urne scellée : {row.ballots} bulletins, empreinte {row.digest}.")
    click.echo(f"Déclaration signée (à consigner au procès-verbal) : {row.statement}")


@click.command("verify-seal")
def verify_seal() -> None:
    """Check the seal's signature and recompute the urne's digest from every ballot."""
    try:
        statement = verify(_ctx(), _bar)
    except SealError as exc:
        raise Refused(str(exc)) from exc
    click.echo(f"Scellement valide : {statement['bulletins']} bulletins, "
               f"empreinte {statement['empreinte_urne']}.")


def _shares(paths: tuple[Path, ...]) -> list[Any]:
    try:
        return [read_share(path) for path in paths]
    except CeremonyError as exc:
        raise Refused(str(exc)) from exc


SHARE_OPTION = click.option("--share", "shares", multiple=True, required=True,
                            type=click.Path(exists=True, dir_okay=False, path_type=Path),
                            help="Fichier d'une part de clé (une option par détenteur présent).")


@click.command()
@SHARE_OPTION
def tally(shares: tuple[Path, ...]) -> None:
    """Count after closing with k shares; publish the results and the counted fingerprints."""
    ctx = _ctx()
    try:
        results, fingerprints = count(ctx, _shares(shares), _bar)
    except (TallyError, CeremonyError) as exc:
        raise Refused(str(exc)) from exc
    target = publish(ctx.settings, results, fingerprints)
    click.echo(f"Dépouillement terminé : {results['bulletins']} bulletins comptés.")
    for scrutin in results["scrutins"]:
        lists = ", ".join(f"{item['liste']} {item['voix']}" for item in scrutin["listes"])
        click.echo(f"  {scrutin['titre']} : votants {scrutin['votants']}/{scrutin['inscrits']}, "
                   f"blancs {scrutin['blancs']}, nuls {scrutin['nuls']} ; {lists}")
    click.echo(f"Résultats publiés : {target} ; empreintes comptées : {fingerprints_file(ctx.settings)}")


@click.command()
@SHARE_OPTION
def recount(shares: tuple[Path, ...]) -> None:
    """Count again from the urne and compare with the published results (exit 1 on any difference)."""
    ctx = _ctx()
    published_path = results_file(ctx.settings)
    if not published_path.exists():
        raise Refused("Aucun résultat publié : lancez d'abord « python -m voting_rp tally ».")
    try:
        results, fingerprints = count(ctx, _shares(shares), _bar)
    except (TallyError, CeremonyError) as exc:
        raise Refused(str(exc)) from exc
    changes = differences(json.loads(published_path.read_text(encoding="utf-8")), results)
    published_prints = fingerprints_file(ctx.settings).read_text(encoding="ascii").split()
    if published_prints != sorted(fingerprints):
        changes.append("la liste des empreintes comptées diffère")
    if changes:
        raise Refused("Le recomptage diffère des résultats publiés :\n" + "\n".join(changes))
    click.echo(f"Recomptage identique aux résultats publiés ({results['bulletins']} bulletins).")


@click.command("export-urne")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
def export_urne(out: Path) -> None:
    """Export the urne for auditors: ciphertexts sorted by fingerprint, nothing else."""
    try:
        rows = [{"empreinte": f, "scrutin": s, "bulletin": c} for f, s, c in read_urne(_ctx(), _bar)]
    except SealError as exc:
        raise Refused(str(exc)) from exc
    out.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    click.echo(f"{len(rows)} bulletins exportés dans {out}.")


COMMANDS = (ceremony, urne_recover, seal_command, verify_seal, tally, recount, export_urne)
