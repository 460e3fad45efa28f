"""Sealing the urne after closing, and checking the seal before any count.

The seal is an Ed25519 signature (RFC 8032) over a canonical JSON statement: the election key id,
the time of sealing, the number of ballots per scrutin and a digest, SHA-256 over the sorted
fingerprints. Verification recomputes every fingerprint from the stored ciphertext, so a modified,
added or removed ballot, or an edited statement, is caught before the tally.

The caller decides when (after closing, interrupted votes finished: ``voting_rp/ballots/closing.py``)
and hands over the election key's id and the seal keys; this module sees only the urne's store.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519

from shared.timeutil import utcnow
from voting_rp.urne import crypto
from voting_rp.urne.models import Seal
from voting_rp.urne.store import UrneStore

T = TypeVar("T")
Track = Callable[[Iterable[T], int, str], Iterable[T]]
DIGEST_PREFIX = b"portail-elections/urne/v1\n"


class SealError(Exception):
    """The urne cannot be sealed, or its seal does not hold; the message says why, in French."""


def untracked(items: Iterable[T], _length: int, _label: str) -> Iterable[T]:
    return items


def digest(fingerprints: Iterable[str]) -> str:
    return hashlib.sha256(DIGEST_PREFIX + "\n".join(sorted(fingerprints)).encode("ascii")).hexdigest()


def canonical(statement: dict[str, Any]) -> bytes:
    return json.dumps(statement, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


@dataclass(frozen=True)
class UrneContent:
    fingerprints: list[str]
    per_scrutin: dict[str, int]


def read_urne(urne: UrneStore, track: Track[Any] = untracked) -> Iterator[tuple[str, str, str]]:
    """Every ballot as (fingerprint recomputed from the ciphertext, scrutin code, ciphertext), sorted."""
    rows = urne.ciphertexts()
    for row in track(rows, len(rows), "Vérification de l'urne"):
        if row.in_flight:
            raise SealError("L'urne contient un vote inachevé : lancez d'abord la reprise (urne-reprise).")
        actual = crypto.fingerprint(row.content)
        if actual != row.fingerprint:
            raise SealError("Bulletin altéré dans l'urne : son empreinte enregistrée "
                            f"{row.fingerprint[:16]}… ne correspond plus à son contenu.")
        yield actual, row.scrutin_code, row.content


def _content(urne: UrneStore, track: Track[Any]) -> UrneContent:
    fingerprints, per_scrutin = [], Counter[str]()
    for fingerprint, scrutin_code, _content in read_urne(urne, track):
        fingerprints.append(fingerprint)
        per_scrutin[scrutin_code] += 1
    return UrneContent(fingerprints, dict(sorted(per_scrutin.items())))


def seal(urne: UrneStore, kid: str, signing_key: ed25519.Ed25519PrivateKey,
         track: Track[Any] = untracked) -> Seal:
    """Sign the digest of the urne's content under the election key ``kid``; record the seal."""
    content = _content(urne, track)
    now = utcnow().replace(microsecond=0)
    statement = {"election_kid": kid, "scelle_le": now.isoformat() + "Z",
                 "bulletins": len(content.fingerprints), "par_scrutin": content.per_scrutin,
                 "empreinte_urne": digest(content.fingerprints)}
    signature = signing_key.sign(canonical(statement))
    row = Seal(sealed_at=now, ballots=len(content.fingerprints), digest=statement["empreinte_urne"],
               statement=canonical(statement).decode(), signature=crypto.b64u(signature))
    urne.record_seal(row)
    return row


def verify(urne: UrneStore, kid: str, seal_public_key: str, track: Track[Any] = untracked) -> dict[str, Any]:
    """The latest seal's statement if its signature and the urne's content both match it."""
    row = urne.latest_seal()
    if row is None:
        raise SealError("L'urne n'est pas scellée : lancez d'abord « python -m voting_rp seal ».")
    public = ed25519.Ed25519PublicKey.from_public_bytes(crypto.b64u_decode(seal_public_key))
    try:
        public.verify(crypto.b64u_decode(row.signature), row.statement.encode())
    except (InvalidSignature, ValueError) as exc:
        raise SealError("La signature du scellement est invalide : le scellé a été modifié.") from exc
    statement: dict[str, Any] = json.loads(row.statement)
    content = _content(urne, track)
    if statement.get("election_kid") != kid:
        raise SealError("Le scellement porte sur une autre clé d'élection.")
    if digest(content.fingerprints) != statement["empreinte_urne"] or \
            content.per_scrutin != statement["par_scrutin"]:
        raise SealError("Le contenu de l'urne ne correspond plus au scellement : bulletin ajouté, retiré "
                        "ou modifié depuis le scellement.")
    return statement
