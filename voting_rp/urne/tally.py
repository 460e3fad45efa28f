"""The count ("dépouillement") from the urne: ballots decrypted, choices counted per scrutin.

Handed the urne's store, the private key rebuilt from k shares, the scrutins as plain values and
the turnout the émargement side counted (``voting_rp/ballots/emargement.py``): the ballots and the
signatures must agree per scrutin or nothing is published (nothing counted twice, nothing lost). The
count is deterministic (ballots in fingerprint order), so a re-count gives the same result.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec

from shared.election.results import fingerprints_beside
from shared.settings import Settings
from voting_rp.urne import crypto
from voting_rp.urne.seal import Track, read_urne, untracked
from voting_rp.urne.store import UrneStore

VOLATILE = ("depouille_le",)  # what may differ between a count and its re-count


class TallyError(Exception):
    """The count cannot be made or published; the message says why, in French."""


@dataclass(frozen=True)
class CountedScrutin:
    """What the count needs of a scrutin: its code, its title and its lists (position, name)."""

    code: str
    title: str
    lists: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class Turnout:
    """Per scrutin, from the émargement side: electors registered, and signatures of a vote done."""

    registered: int
    voted: int


def results_file(settings: Settings) -> Path:
    return settings.results_file


def fingerprints_file(settings: Settings) -> Path:
    return fingerprints_beside(results_file(settings))


def decrypt_all(urne: UrneStore, private: ec.EllipticCurvePrivateKey, scrutins: list[CountedScrutin],
                track: Track[Any] = untracked) -> tuple[dict[str, Counter[str]], list[str]]:
    """The choices per scrutin code (``blanc``, ``liste:<n>`` or ``nul``) and the counted fingerprints."""
    by_code = {sc.code: sc for sc in scrutins}
    choices: dict[str, Counter[str]] = {sc.code: Counter() for sc in scrutins}
    fingerprints: list[str] = []
    decrypting: Track[Any] = lambda rows, n, _label: track(rows, n, "Déchiffrement")  # noqa: E731
    for fingerprint, scrutin_code, content in read_urne(urne, decrypting):
        if scrutin_code not in by_code:
            raise TallyError(f"Bulletin pour un scrutin inconnu ({scrutin_code}) : dépouillement arrêté.")
        choice = crypto.decrypt(private, scrutin_code, content)
        positions = {f"liste:{position}" for position, _name in by_code[scrutin_code].lists}
        choices[scrutin_code][choice if choice == "blanc" or choice in positions else "nul"] += 1
        fingerprints.append(fingerprint)
    return choices, fingerprints


def scrutin_result(scrutin: CountedScrutin, counted: Counter[str], turnout: Turnout) -> dict[str, Any]:
    """One scrutin's published result; refused when its ballots and its émargements disagree."""
    ballots = sum(counted.values())
    if ballots != turnout.voted:
        raise TallyError(f"{scrutin.title} : {ballots} bulletins dans l'urne pour {turnout.voted} "
                         "émargements. Dépouillement arrêté, rien n'est publié.")
    expressed = ballots - counted["blanc"] - counted["nul"]
    lists = [{"position": position, "liste": name, "voix": counted[f"liste:{position}"],
              "pourcentage": _percent(counted[f"liste:{position}"], expressed)}
             for position, name in scrutin.lists]
    return {"code": scrutin.code, "titre": scrutin.title, "inscrits": turnout.registered,
            "votants": turnout.voted, "participation": _percent(turnout.voted, turnout.registered),
            "blancs": counted["blanc"], "nuls": counted["nul"], "exprimes": expressed, "listes": lists}


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 2) if whole else 0.0


def publish(settings: Settings, results: dict[str, Any], fingerprints: list[str]) -> Path:
    """Write the results and the counted fingerprints, each replaced atomically (rename)."""
    target = results_file(settings)
    _atomic_write(fingerprints_file(settings), "".join(f"{f}\n" for f in sorted(fingerprints)))
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
