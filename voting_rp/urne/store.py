"""The urne's narrow store: what casting, sealing and counting may do to the ballot box, nothing more.

A ballot is deposited with a one-time ``marker`` (the coordinator's token of a vote in flight),
then either confirmed (the marker is cleared: nothing is left that a vote database could point
to) or discarded (the row still carrying the marker is deleted). Nothing here takes a voter.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, event, exists, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from shared.db import Database
from voting_rp.urne.models import Ballot, Seal


class DuplicateBallot(Exception):
    """The same ciphertext is already in the urne (a copied ballot): nothing was written."""


class UrneUnavailable(Exception):
    """The urne's database did not answer: nothing was written."""


@dataclass(frozen=True)
class StoredBallot:
    fingerprint: str  # as stored; the seal's check recomputes it from ``content``
    scrutin_code: str
    content: str
    in_flight: bool  # still carries a vote's marker (the vote is neither confirmed nor discarded)


class UrneStore:
    """The only way in or out of the urne's tables."""

    def __init__(self, database: Database) -> None:
        self.database = database  # for migrations, engine disposal and white-box tests only

    def deposit(self, scrutin_code: str, content: str, fingerprint: str, marker: str) -> None:
        """Add one ballot under a random id, marked as in flight."""
        try:
            with self.database.session() as u:
                u.add(Ballot(id=secrets.token_hex(16), scrutin_code=scrutin_code, content=content,
                             fingerprint=fingerprint, pending=marker))
        except IntegrityError as exc:
            raise DuplicateBallot() from exc
        except OperationalError as exc:
            raise UrneUnavailable() from exc

    def confirm(self, marker: str) -> None:
        """The vote is decided: its ballot forgets the marker."""
        with self.database.session() as u:
            u.execute(update(Ballot).where(Ballot.pending == marker).values(pending=None))

    def discard(self, marker: str) -> None:
        """The vote is undone: delete its ballot, only while it still carries the marker."""
        with self.database.session() as u:
            u.execute(delete(Ballot).where(Ballot.pending == marker))

    def markers(self) -> set[str]:
        """The markers of the ballots still in flight."""
        with self.database.session() as u:
            return set(u.scalars(select(Ballot.pending).where(Ballot.pending.is_not(None))))

    def is_empty(self) -> bool:
        with self.database.session() as u:
            return not u.scalar(select(exists().select_from(Ballot)))

    def ciphertexts(self) -> list[StoredBallot]:
        """Every ballot, sorted by fingerprint (never in any order of insertion)."""
        with self.database.session() as u:
            rows = u.execute(select(Ballot.fingerprint, Ballot.scrutin_code, Ballot.content, Ballot.pending)
                             .order_by(Ballot.fingerprint)).all()
        return [StoredBallot(f, code, content, pending is not None) for f, code, content, pending in rows]

    def record_seal(self, seal: Seal) -> None:
        with self.database.session() as u:
            u.add(seal)

    def latest_seal(self) -> Seal | None:
        with self.database.session() as u:
            return u.scalar(select(Seal).order_by(Seal.id.desc()))


def open_urne(url: str) -> UrneStore:
    """The urne's engine, apart from the vote database's (never one engine for both)."""
    urne = Database(url)
    if url.startswith("sqlite"):
        @event.listens_for(urne.engine, "connect")
        def _secure_delete(dbapi_conn: Any, _record: Any) -> None:
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA secure_delete=ON")  # freed bytes are zeroed, not left readable
            cursor.close()
    return UrneStore(urne)
