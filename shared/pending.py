"""Requests waiting in the browser's server-side session for their answer (an authorization
request during the sign-in, the voting space's state/nonce/PKCE verifier until the callback, the
FranceConnect mock's interaction), bounded in number and in age.

One store for the three: a browser that opens many tabs, or a script that starts flows without
finishing them, keeps at most ``size`` entries, the oldest evicted first; an entry older than
``lifetime`` is never answered and is dropped at the next write.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from flask import session

Entry = dict[str, Any]


class PendingRequests:
    """Up to ``size`` entries under the session key ``key``, each with its creation time in
    ``entry[stamp]`` (read on ``clock``), answered for ``lifetime`` seconds."""

    def __init__(self, key: str, *, size: int, lifetime: float, stamp: str = "created",
                 clock: Callable[[], float] = time.time) -> None:
        if size < 1 or lifetime <= 0:
            raise ValueError("un magasin de requêtes en attente a une taille et une durée positives")
        self.key, self.size, self.lifetime, self.stamp, self.clock = key, size, lifetime, stamp, clock

    def _live(self, entry: Entry, now: float) -> bool:
        return now - float(entry[self.stamp]) <= self.lifetime

    def put(self, uid: str, entry: Entry) -> None:
        """Keep ``entry``: the expired ones go, then the oldest until there is room for a new one."""
        now = self.clock()
        store = {k: v for k, v in session.get(self.key, {}).items() if self._live(v, now)}
        if uid not in store:
            while len(store) >= self.size:
                store.pop(min(store, key=lambda k: float(store[k][self.stamp])))
        store[uid] = entry
        session[self.key] = store

    def get(self, uid: str) -> Entry | None:
        """The entry, if kept and not older than the lifetime."""
        entry = session.get(self.key, {}).get(uid)
        if not entry or not self._live(entry, self.clock()):
            return None
        return dict(entry)

    def expired(self, uid: str) -> bool:
        """Kept but older than the lifetime (not yet dropped by a write): to say so, not to answer."""
        entry = session.get(self.key, {}).get(uid)
        return bool(entry) and not self._live(entry, self.clock())

    def update(self, uid: str, entry: Entry) -> None:
        """Write ``entry`` back once changed (its creation time unchanged: it ages as before)."""
        session[self.key] = {**session.get(self.key, {}), uid: entry}

    def pop(self, uid: str) -> Entry | None:
        """The live entry, removed whatever its age: an answer is used once, a replay finds nothing."""
        entry = self.get(uid)
        self.forget(uid)
        return entry

    def forget(self, uid: str) -> None:
        """Drop ``uid``; a request never kept leaves the session unwritten."""
        if uid in session.get(self.key, {}):
            store = dict(session[self.key])
            store.pop(uid)
            session[self.key] = store
