"""After closing, for the operators: seal the urne, check the seal, count with k shares.

Each step checks what only the voting space knows (the window is closed, the key ceremony took
place, no vote is still in flight), then hands the urne package its store and plain values: the
election key's id and seal keys, the scrutins, the turnout from the émargement side.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from shared.election.order import seeds_rank
from shared.timeutil import utcnow
from voting_rp.ballots import emargement
from voting_rp.ballots.ceremony import CeremonyError, Share, current_key, reconstruct, seal_private_key
from voting_rp.ballots.models import ElectionKey
from voting_rp.ballots.service import recover
from voting_rp.ballots.window import current as current_window
from voting_rp.context import Voting
from voting_rp.election.models import VotingScrutin
from voting_rp.urne import seal as urne_seal
from voting_rp.urne import tally as urne_tally
from voting_rp.urne.models import Seal
from voting_rp.urne.seal import SealError, Track, untracked
from voting_rp.urne.tally import CountedScrutin, TallyError


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
    try:
        signing_key = seal_private_key(ctx)
    except CeremonyError as exc:
        raise SealError(str(exc)) from exc
    return urne_seal.seal(ctx.urne, key.kid, signing_key, track)


def _sealed_key(ctx: Voting) -> ElectionKey:
    key = current_key(ctx)
    if key is None:
        raise SealError("L'urne n'est pas scellée : lancez d'abord « python -m voting_rp seal ».")
    return key


def verify(ctx: Voting, track: Track[Any] = untracked) -> dict[str, Any]:
    """The latest seal's statement if its signature and the urne's content both match it."""
    key = _sealed_key(ctx)
    return urne_seal.verify(ctx.urne, key.kid, key.seal_public_key, track)


def read_urne(ctx: Voting, track: Track[Any] = untracked) -> Iterator[tuple[str, str, str]]:
    """Every ballot (fingerprint, scrutin code, ciphertext), sorted by fingerprint: the auditors' export."""
    return urne_seal.read_urne(ctx.urne, track)


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
                                  .order_by(seeds_rank(VotingScrutin.kind), VotingScrutin.position)))
    counted = [CountedScrutin(sc.code, sc.title, tuple((lst.position, lst.union_name) for lst in sc.lists))
               for sc in scrutins]
    choices, fingerprints = urne_tally.decrypt_all(ctx.urne, private, counted, track)
    del private
    turnout = emargement.turnout(ctx.db, scrutins)
    results = [urne_tally.scrutin_result(sc, choices[sc.code], turnout[sc.code]) for sc in counted]
    return ({"election": current_window(ctx).title, "election_kid": key.kid,
             "depouille_le": utcnow().replace(microsecond=0).isoformat() + "Z",
             "empreinte_urne": statement["empreinte_urne"], "bulletins": len(fingerprints),
             "scrutins": results}, fingerprints)
