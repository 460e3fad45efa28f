"""Casting a ballot: one émargement and one urne row, both or neither, across two databases.

The vote database is the coordinator and its ``ballot_intents`` table the log (two-phase commit):

1. vote DB: insert the émargement (state ``en-cours``; unique per voter and scrutin, so a double
   click or a second tab fails here) and an intent holding a fresh random token;
2. urne: insert the ballot with a random id and ``pending = token``;
3. vote DB, **the commit point**: the émargement becomes ``vote`` and, in the same transaction, the
   intent is marked committed and forgets its émargement; both updates are conditional, so a
   recovery that aborted the intent first makes this step fail;
4. urne: clear the ballot's ``pending`` marker; 5. vote DB: delete the intent.

A process killed anywhere leaves a state that :func:`recover` finishes: an intent not committed
(older than the grace period, so never a live request) is aborted — intent and émargement deleted
in one transaction, which is the decision, then its urne row; a committed intent is finished (steps
4-5); an urne row still marked by a token no intent knows is an aborted remnant and is deleted.
Once a vote is complete, nothing links the urne row to the voter: no shared id, no time, no token.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from shared.db import rowcount
from shared.timeutil import utcnow
from voting_rp.ballots.ceremony import current_key
from voting_rp.ballots.faults import pause_point
from voting_rp.ballots.models import DONE, PENDING, BallotIntent, ElectionKey, Emargement
from voting_rp.ballots.receipts import Receipt
from voting_rp.ballots.window import VoteWindow
from voting_rp.ballots.window import current as current_window
from voting_rp.context import Voting
from voting_rp.election import service as election
from voting_rp.election.models import Elector, VotingScrutin
from voting_rp.urne import crypto
from voting_rp.urne.store import DuplicateBallot, UrneUnavailable

TO_VOTE = "a-voter"


class VoteRefused(Exception):
    """Nothing was recorded; ``message`` is shown to the voter with ``status``."""

    status = 400

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status or self.status


class NotElector(VoteRefused):
    status = 403


class VotingClosed(VoteRefused):
    status = 403

    def __init__(self, window: VoteWindow) -> None:
        super().__init__(window.refusal)
        self.window = window


class NoElectionKey(VoteRefused):
    status = 503

    def __init__(self) -> None:
        super().__init__("Le scrutin n'est pas encore ouvert au vote (clé de l'élection absente).")


class AlreadyVoted(VoteRefused):
    status = 409


def scrutin_for(ctx: Voting, who: Elector, code: str) -> VotingScrutin:
    """A scrutin the voter is elector of; any other code is refused the same way."""
    for scrutin in election.scrutins_of(ctx, who):
        if scrutin.code == code:
            return scrutin
    raise NotElector("Vous n'êtes pas électeur de ce scrutin.")


def ready_to_vote(ctx: Voting) -> ElectionKey:
    """The election key exists and the window is open; else the voter is told which is missing."""
    key = current_key(ctx)
    if key is None:
        raise NoElectionKey()
    window = current_window(ctx)
    if not window.is_open:
        raise VotingClosed(window)
    return key


def emargements_of(ctx: Voting, who: Elector) -> dict[int, Emargement]:
    with ctx.db.session() as s:
        rows = s.scalars(select(Emargement).where(Emargement.elector_id == who.id))
        return {row.scrutin_id: row for row in rows}


@dataclass(frozen=True)
class ScrutinState:
    """One line of "Choix scrutin": à voter, en cours d'enregistrement, or voté le …"""

    scrutin: VotingScrutin
    state: str  # TO_VOTE, PENDING or DONE
    voted_at: datetime | None = None


def overview(ctx: Voting, who: Elector) -> list[ScrutinState]:
    signed = emargements_of(ctx, who)
    return [ScrutinState(s, signed[s.id].state, signed[s.id].voted_at) if s.id in signed
            else ScrutinState(s, TO_VOTE) for s in election.scrutins_of(ctx, who)]


def cast(ctx: Voting, who: Elector, scrutin: VotingScrutin, text: str | None) -> Receipt:
    """Record one encrypted ballot for ``who`` in ``scrutin``, exactly once (module docstring)."""
    ready_to_vote(ctx)
    ballot = crypto.parse(text)
    _recover_voter(ctx, who, scrutin)
    token, now = secrets.token_hex(32), utcnow().replace(microsecond=0)
    emargement_id = _claim(ctx, who, scrutin, token, now)
    pause_point(ctx.config, "apres-emargement")
    try:
        ctx.urne.deposit(scrutin.code, ballot.text, ballot.fingerprint, marker=token)
    except DuplicateBallot as exc:  # the same ciphertext twice: a copied ballot, never counted twice
        _abort(ctx, token, emargement_id)
        raise VoteRefused("Ce bulletin chiffré a déjà été déposé : merci de recommencer.") from exc
    except UrneUnavailable as exc:
        _abort(ctx, token, emargement_id)
        raise VoteRefused("L'urne est momentanément indisponible : votre vote n'a pas été enregistré. "
                          "Merci de réessayer dans quelques instants.", 503) from exc
    pause_point(ctx.config, "apres-urne")
    if not _commit(ctx, token, emargement_id):
        ctx.urne.discard(token)
        raise VoteRefused("Votre vote a été interrompu et n'a pas été enregistré : merci de recommencer.",
                          503)
    pause_point(ctx.config, "apres-validation")
    _finish(ctx, token)
    return Receipt(scrutin.code, scrutin.title, now, ballot.fingerprint)


def _claim(ctx: Voting, who: Elector, scrutin: VotingScrutin, token: str, now: datetime) -> int:
    """Step 1: the unique émargement row is the lock; the loser of a race is told why."""
    try:
        with ctx.db.session() as s:
            row = Emargement(elector_id=who.id, scrutin_id=scrutin.id, voted_at=now, state=PENDING)
            s.add(row)
            s.flush()
            s.add(BallotIntent(token=token, emargement_id=row.id, committed=False, created_at=now))
            return row.id
    except IntegrityError as exc:
        existing = emargements_of(ctx, who).get(scrutin.id)
        if existing is not None and existing.state == PENDING:
            raise AlreadyVoted("Un vote pour ce scrutin est en cours d'enregistrement. Merci de patienter "
                               "quelques instants puis de consulter vos scrutins.") from exc
        raise AlreadyVoted("Vous avez déjà voté pour ce scrutin : un seul bulletin est accepté.") from exc


def _commit(ctx: Voting, token: str, emargement_id: int) -> bool:
    """Step 3, the commit point: both conditional updates or none."""
    with ctx.db.session() as s:
        intent = rowcount(s.execute(update(BallotIntent)
                           .where(BallotIntent.token == token, BallotIntent.committed.is_(False),
                                  BallotIntent.emargement_id == emargement_id)
                           .values(committed=True, emargement_id=None)))
        signed = rowcount(s.execute(update(Emargement)
                           .where(Emargement.id == emargement_id, Emargement.state == PENDING)
                           .values(state=DONE)))
        if intent != 1 or signed != 1:
            s.rollback()
            return False
    return True


def _finish(ctx: Voting, token: str) -> None:
    """Steps 4-5: the urne row forgets its token, then the log forgets the vote."""
    ctx.urne.confirm(token)
    pause_point(ctx.config, "apres-marqueur")
    with ctx.db.session() as s:
        s.execute(delete(BallotIntent).where(BallotIntent.token == token, BallotIntent.committed.is_(True)))


def _abort(ctx: Voting, token: str, emargement_id: int | None) -> bool:
    """The abort decision is deleting the uncommitted intent (with its émargement), then the urne row."""
    with ctx.db.session() as s:
        decided = rowcount(s.execute(delete(BallotIntent).where(BallotIntent.token == token,
                                                       BallotIntent.committed.is_(False))))
        if decided and emargement_id is not None:
            s.execute(delete(Emargement).where(Emargement.id == emargement_id, Emargement.state == PENDING))
    ctx.urne.discard(token)
    return bool(decided)


def _recover_voter(ctx: Voting, who: Elector, scrutin: VotingScrutin) -> None:
    """A vote of this voter left in flight by a dead process is aborted, so they can vote again."""
    limit = utcnow() - ctx.config.pending_grace
    with ctx.db.session() as s:
        stuck = s.execute(select(BallotIntent.token, Emargement.id)
                          .join(Emargement, BallotIntent.emargement_id == Emargement.id)
                          .where(Emargement.elector_id == who.id, Emargement.scrutin_id == scrutin.id,
                                 BallotIntent.committed.is_(False), BallotIntent.created_at < limit)).all()
    for token, emargement_id in stuck:
        _abort(ctx, token, emargement_id)


@dataclass
class RecoveryReport:
    finished: int = 0  # committed votes whose last steps were redone
    aborted: int = 0  # uncommitted votes undone (émargement and urne row)
    orphans: int = 0  # urne rows of votes already aborted
    in_flight: int = 0  # uncommitted votes younger than the grace period, left alone


def recover(ctx: Voting, grace_period: timedelta | None = None) -> RecoveryReport:
    """Bring every interrupted vote to both-or-neither (before sealing, and by the operators' CLI)."""
    report = RecoveryReport()
    limit = utcnow() - (ctx.config.pending_grace if grace_period is None else grace_period)
    marked = ctx.urne.markers()  # read first: an intent always exists before its urne row
    with ctx.db.session() as s:
        intents = list(s.execute(select(BallotIntent.token, BallotIntent.emargement_id,
                                        BallotIntent.committed, BallotIntent.created_at)))
    for token, emargement_id, committed, created_at in intents:
        if committed:
            _finish(ctx, token)
            report.finished += 1
        elif created_at < limit:
            report.aborted += _abort(ctx, token, emargement_id)
        else:
            report.in_flight += 1
    known = {row[0] for row in intents}
    for token in marked - known:
        ctx.urne.discard(token)  # conditional on the marker: a finished vote has none left
        report.orphans += 1
    return report
