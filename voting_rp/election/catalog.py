"""The election's scrutins and lists, held in memory by each process.

Every page of the vote asks which scrutins a voter may vote in (the list, the ballot, the vote, the
receipt): four reads of the scrutins and their lists per journey, 0.8 ms each, for data that an
import writes once into an empty election (``register.refuse_unless_empty``) and that only a list
document changes afterwards. Each process reads the whole catalogue at most every
:data:`REFRESH_SECONDS`, and at once after an import made by this process; an import made by
another process (the operators' command) shows within that delay. An empty catalogue (before the
import) is never kept.

The scrutins are detached, read-only objects with their lists loaded (the list document's bytes
stay deferred: only its own URL reads them), shared by the process's threads.
"""

from __future__ import annotations

import threading
import time
from weakref import WeakKeyDictionary

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from shared.db import Database
from shared.election import rules
from shared.election.order import seeds_rank
from voting_rp.election.models import VotingScrutin

REFRESH_SECONDS = 30.0


class ScrutinCatalog:
    """Every scrutin of the election in the seeds' order, and who is elector of which."""

    def __init__(self, database: Database) -> None:
        self._db = database
        self._lock = threading.Lock()
        self._scrutins: tuple[VotingScrutin, ...] = ()
        self._by_bounds: dict[tuple[str, str], tuple[VotingScrutin, ...]] = {}
        self._read_at = -REFRESH_SECONDS

    def of(self, academie: str, corps: str) -> list[VotingScrutin]:
        """The scrutins of a person of ``academie`` and ``corps`` (the one eligibility rule)."""
        scrutins, by_bounds = self._current()
        found = by_bounds.get((academie, corps))
        if found is None:
            found = tuple(s for s in scrutins if rules.is_elector(s.academie_code, s.corps, academie, corps))
            by_bounds[(academie, corps)] = found
        return list(found)

    def forget(self) -> None:
        """Read again at the next question (an import just changed the election)."""
        with self._lock:
            self._read_at = -REFRESH_SECONDS

    def _current(self) -> tuple[tuple[VotingScrutin, ...], dict[tuple[str, str], tuple[VotingScrutin, ...]]]:
        with self._lock:
            if time.monotonic() - self._read_at > REFRESH_SECONDS or not self._scrutins:
                self._scrutins, self._by_bounds = self._read(), {}
                self._read_at = time.monotonic()
            return self._scrutins, self._by_bounds

    def _read(self) -> tuple[VotingScrutin, ...]:
        with self._db.session() as s:
            query = (select(VotingScrutin).options(selectinload(VotingScrutin.lists))
                     .order_by(seeds_rank(VotingScrutin.kind), VotingScrutin.position))
            return tuple(s.scalars(query))


_catalogs: WeakKeyDictionary[Database, ScrutinCatalog] = WeakKeyDictionary()
_catalogs_lock = threading.Lock()


def catalog(database: Database) -> ScrutinCatalog:
    """The catalogue of the election in ``database``, one per process."""
    with _catalogs_lock:
        found = _catalogs.get(database)
        if found is None:
            found = _catalogs[database] = ScrutinCatalog(database)
        return found
