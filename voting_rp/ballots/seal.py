"""Sealing the urne after closing, and checking the seal before any count.

The seal is an Ed25519 signature (RFC 8032) over a canonical JSON statement: the election key id,
the time of sealing, the number of ballots per scrutin and a digest, SHA-256 over the sorted
fingerprints. Verification recomputes every fingerprint from the stored ciphertext, so a modified,
added or removed ballot, or an edited statement, is caught before the tally.
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
from sqlalchemy import select

from shared.timeutil import utcnow
from voting_rp.ballots import crypto
from voting_rp.ballots.ceremony import CeremonyError, current_key, seal_private_key
from voting_rp.ballots.service import recover
from voting_rp.ballots.urne import Ballot, Seal
from voting_rp.ballots.window import current as current_window
from voting_rp.context import Voting

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


def read_urne(ctx: Voting, track: Track[Any] = untracked) -> Iterator[tuple[str, str, str]]:
    """Every ballot as (fingerprint recomputed from the ciphertext, scrutin code, ciphertext), sorted."""
    with ctx.urne.session() as u:
        rows = u.execute(select(Ballot.fingerprint, Ballot.scrutin_code, Ballot.content, Ballot.pending)
                         .order_by(Ballot.fingerprint)).all()
    for stored, scrutin_code, content, pending in track(rows, len(rows), "Vérification de l'urne"):
        if pending is not None:
            raise SealError("L'urne contient un vote inachevé : lancez d'abord la reprise (urne-reprise).")
        actual = crypto.fingerprint(content)
        if actual != stored:
            raise SealError(f"Bulletin altéré dans l'urne : son empreinte enregistrée {stored[:16]}… ne "
                            "correspond plus à son contenu.")
        yield actual, scrutin_code, content


def _content(ctx: Voting, track: Track[Any]) -> UrneContent:
    fingerprints, per_scrutin = [], Counter[str]()
    for fingerprint, scrutin_code, _content in read_urne(ctx, track):
        fingerprints.append(fingerprint)
        per_scrutin[scrutin_code] += 1
    return UrneContent(fingerprints, dict(sorted(per_scrutin.items())))


def seal(ctx: Voting, track: Track[Any] = untracked) -> Seal:
    """After closing, finish interrupted votes, then sign the digest of the urne."""
    if current_window(ctx).phase != "clos":
        raise SealError("Le vote n'est pas clos : l'urne ne peut être scellée qu'après la fermeture.")
    key = current_key(ctx)
    if key is None:
        raise SealError("Aucune clé d'élection : la cérémonie des clés n'a pas eu lieu.")
    # The normal grace period, not zero: a request that passed the window check just before the
    # closing may still be completing; only votes older than that are decided here.
    if recover(ctx).in_flight:
        raise SealError("Des votes sont encore en cours d'enregistrement : réessayez dans deux minutes.")
    content = _content(ctx, track)
    now = utcnow().replace(microsecond=0)
    statement = {"election_kid": key.kid, "scelle_le": now.isoformat() + "Z",
                 "bulletins": len(content.fingerprints), "par_scrutin": content.per_scrutin,
                 "empreinte_urne": digest(content.fingerprints)}
    try:
        signature = seal_private_key(ctx).sign(canonical(statement))
    except CeremonyError as exc:
        raise SealError(str(exc)) from exc
    row = Seal(sealed_at=now, ballots=len(content.fingerprints), digest=statement["empreinte_urne"],
               statement=canonical(statement).decode(), signature=crypto.b64u(signature))
    with ctx.urne.session() as u:
        u.add(row)
    return row


def verify(ctx: Voting, track: Track[Any] = untracked) -> dict[str, Any]:
    """The latest seal's statement if its signature and the urne's content both match it."""
    key = current_key(ctx)
    with ctx.urne.session() as u:
        row = u.scalar(select(Seal).order_by(Seal.id.desc()))
    if key is None or row is None:
        raise SealError("L'urne n'est pas scellée : lancez d'abord « python -m voting_rp seal ».")
    public = ed25519.Ed25519PublicKey.from_public_bytes(crypto.b64u_decode(key.seal_public_key))
    try:
        public.verify(crypto.b64u_decode(row.signature), row.statement.encode())
    except (InvalidSignature, ValueError) as exc:
        raise SealError("La signature du scellement est invalide : le scellé a été modifié.") from exc
    statement: dict[str, Any] = json.loads(row.statement)
    content = _content(ctx, track)
    if statement.get("election_kid") != key.kid:
        raise SealError("Le scellement porte sur une autre clé d'élection.")
    if digest(content.fingerprints) != statement["empreinte_urne"] or \
            content.per_scrutin != statement["par_scrutin"]:
        raise SealError("Le contenu de l'urne ne correspond plus au scellement : bulletin ajouté, retiré "
                        "ou modifié depuis le scellement.")
    return statement
