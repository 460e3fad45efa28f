"""The count ("dépouillement") after closing: seal checked, key rebuilt from k shares, ballots decrypted.

Turnout comes from the émargement, the votes from the urne; the two must agree per scrutin or
nothing is published (nothing counted twice, nothing lost). The count is deterministic (ballots in
fingerprint order), so a re-count from the same urne gives the same result.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from shared.election.demo import is_elector
from shared.election.results import RESULTS_FILE, fingerprints_beside
from shared.timeutil import utcnow
from voting_rp.ballots import crypto
from voting_rp.ballots.ceremony import Share, current_key, reconstruct
from voting_rp.ballots.models import DONE, Emargement
from voting_rp.ballots.seal import SealError, Track, read_urne, untracked, verify
from voting_rp.ballots.window import current as current_window
from voting_rp.context import Voting
from voting_rp.election.models import Elector, VotingScrutin

VOLATILE = ("depouille_le",)  # what may differ between a count and its re-count


class TallyError(Exception):
    """The count cannot be made or published; the message says why, in French."""


def results_file(ctx: Voting) -> Path:
    return Path(ctx.settings.extra.get("VOTING_RESULTS_FILE") or ctx.settings.data_dir / RESULTS_FILE)


def fingerprints_file(ctx: Voting) -> Path:
    return fingerprints_beside(results_file(ctx))


def _electorate(ctx: Voting, scrutins: list[VotingScrutin]) -> tuple[Counter[int], Counter[int]]:
    """Registered electors and signed émargements, per scrutin id."""
    registered: Counter[int] = Counter()
    with ctx.db.session() as s:
        for academie, corps, count in s.execute(select(Elector.academie_code, Elector.corps, func.count())
                                                .group_by(Elector.academie_code, Elector.corps)):
            for scrutin in scrutins:
                if is_elector(scrutin.academie_code, scrutin.corps, academie, corps):
                    registered[scrutin.id] += count
        voted = Counter[int](dict(s.execute(select(Emargement.scrutin_id, func.count())
                                            .where(Emargement.state == DONE)
                                            .group_by(Emargement.scrutin_id)).all()))
    return registered, voted


def count(ctx: Voting, shares: list[Share],
          track: Track[Any] = untracked) -> tuple[dict[str, Any], list[str]]:
    """The results and the sorted list of counted fingerprints; refuses rather than miscount."""
    if current_window(ctx).phase != "clos":
        raise TallyError("Le vote n'est pas clos : le dépouillement n'a lieu qu'après la fermeture.")
    key = current_key(ctx)
    if key is None:
        raise TallyError("Aucune clé d'élection : la cérémonie des clés n'a pas eu lieu.")
    try:
        statement = verify(ctx, track)
    except SealError as exc:
        raise TallyError(f"Dépouillement refusé : {exc}") from exc
    private = reconstruct(key, shares)
    with ctx.db.session() as s:
        scrutins = list(s.scalars(select(VotingScrutin).options(selectinload(VotingScrutin.lists))
                                  .order_by(VotingScrutin.position)))
    by_code = {sc.code: sc for sc in scrutins}
    choices: dict[str, Counter[str]] = {sc.code: Counter() for sc in scrutins}
    fingerprints: list[str] = []
    decrypting: Track[Any] = lambda rows, n, _label: track(rows, n, "Déchiffrement")  # noqa: E731
    for fingerprint, scrutin_code, content in read_urne(ctx, decrypting):
        if scrutin_code not in by_code:
            raise TallyError(f"Bulletin pour un scrutin inconnu ({scrutin_code}) : dépouillement arrêté.")
        choice = crypto.decrypt(private, scrutin_code, content)
        positions = {f"liste:{lst.position}" for lst in by_code[scrutin_code].lists}
        choices[scrutin_code][choice if choice == "blanc" or choice in positions else "nul"] += 1
        fingerprints.append(fingerprint)
    del private
    registered, voted = _electorate(ctx, scrutins)
    results = [_scrutin_result(sc, choices[sc.code], registered[sc.id], voted[sc.id]) for sc in scrutins]
    return ({"election": current_window(ctx).title, "election_kid": key.kid,
             "depouille_le": utcnow().replace(microsecond=0).isoformat() + "Z",
             "empreinte_urne": statement["empreinte_urne"], "bulletins": len(fingerprints),
             "scrutins": results}, fingerprints)


def _scrutin_result(scrutin: VotingScrutin, counted: Counter[str], registered: int,
                    voted: int) -> dict[str, Any]:
    ballots = sum(counted.values())
    if ballots != voted:
        raise TallyError(f"{scrutin.title} : {ballots} bulletins dans l'urne pour {voted} émargements. "
                         "Dépouillement arrêté, rien n'est publié.")
    expressed = ballots - counted["blanc"] - counted["nul"]
    lists = [{"position": lst.position, "liste": lst.union_name, "voix": counted[f"liste:{lst.position}"],
              "pourcentage": _percent(counted[f"liste:{lst.position}"], expressed)} for lst in scrutin.lists]
    return {"code": scrutin.code, "titre": scrutin.title, "inscrits": registered, "votants": voted,
            "participation": _percent(voted, registered), "blancs": counted["blanc"],
            "nuls": counted["nul"], "exprimes": expressed, "listes": lists}


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 2) if whole else 0.0


def publish(ctx: Voting, results: dict[str, Any], fingerprints: list[str]) -> Path:
    """Write the results and the counted fingerprints, each replaced atomically (rename)."""
    target = results_file(ctx)
    _atomic_write(fingerprints_file(ctx), "".join(f"{f}\n" for f in sorted(fingerprints)))
    _atomic_write(target, json.dumps(results, indent=2, ensure_ascii=False))
    return target


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def differences(published: dict[str, Any], recounted: dict[str, Any]) -> list[str]:
    """What a re-count changed, ignoring the time of counting."""
    first = {k: v for k, v in published.items() if k not in VOLATILE}
    second = {k: v for k, v in recounted.items() if k not in VOLATILE}
    if first == second:
        return []
    keys = sorted(set(first) | set(second))
    return [f"{k} : publié {first.get(k)!r}, recompté {second.get(k)!r}" for k in keys
            if first.get(k) != second.get(k)]
