"""Expired authorization codes and issued-token records are deleted now and then.

A code is kept, marked used, after its redemption so that a replay is recognised and revokes what
the code gave (RFC 9700 §4.5), and its nonce answers the replay check of later authorization
requests. Both matter only while what the code gave can still be used: tokens live
ACCESS_TOKEN_SECONDS, ID tokens ID_TOKEN_SECONDS. An hour after expiry the rows serve nothing, and
deleting them keeps the tables, and every lookup in them, the size of an hour of sign-ins rather
than of the whole election.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta

from sqlalchemy import delete, exists, select

from idp.oidc.models import AuthorizationCode, IssuedToken
from shared.db import Database, rowcount
from shared.timeutil import utcnow

KEPT_AFTER_EXPIRY = timedelta(hours=1)
PURGE_EVERY_SECONDS = 60.0
BATCH = 5000  # rows per statement: a backlog is worked off without one long lock


def purge_expired(db: Database, before: datetime) -> int:
    """Delete token records and unused-by-tokens codes that expired before ``before``; how many."""
    removed = 0
    with db.session() as s:
        tokens = select(IssuedToken.jti).where(IssuedToken.expires_at < before).limit(BATCH)
        removed += rowcount(s.execute(delete(IssuedToken).where(IssuedToken.jti.in_(tokens))))
        codes = (select(AuthorizationCode.id)
                 .where(AuthorizationCode.expires_at < before,
                        ~exists().where(IssuedToken.code_id == AuthorizationCode.id))
                 .limit(BATCH))
        removed += rowcount(s.execute(delete(AuthorizationCode).where(AuthorizationCode.id.in_(codes))))
    return removed


class Retention:
    """Runs :func:`purge_expired` at most once a minute per process, from the request that issues a code."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._lock = threading.Lock()
        self._last = time.monotonic()

    def now_and_then(self) -> None:
        with self._lock:
            if time.monotonic() - self._last < PURGE_EVERY_SECONDS:
                return
            self._last = time.monotonic()
        purge_expired(self._db, utcnow() - KEPT_AFTER_EXPIRY)
