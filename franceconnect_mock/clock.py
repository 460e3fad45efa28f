"""The mock's clock: real time plus an offset an integrator sets to test expiry.

Every lifetime the mock checks (code, access token, FranceConnect session, client assertions)
and every ``iat``/``exp``/``auth_time`` it writes reads this clock, so shifting it by an hour
makes a token the client holds look expired exactly as it would an hour later. The offset is
stored in the database so that every worker sees it; each process rereads it at most once a
second.
"""

from __future__ import annotations

import threading
import time

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from shared.db import Base, Database

OFFSET_KEY = "clock_offset_seconds"
REREAD_SECONDS = 1.0
MAX_OFFSET = 366 * 24 * 3600


class MockSetting(Base):
    """One named value of the mock's own state (the clock offset)."""

    __tablename__ = "fc_mock_settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class MockClock:
    def __init__(self, database: Database) -> None:
        self._db = database
        self._lock = threading.Lock()
        self._offset = 0
        self._read_at = -REREAD_SECONDS

    def offset(self) -> int:
        with self._lock:
            if time.monotonic() - self._read_at >= REREAD_SECONDS:
                with self._db.session() as s:
                    row = s.get(MockSetting, OFFSET_KEY)
                self._offset = int(row.value) if row else 0
                self._read_at = time.monotonic()
            return self._offset

    def now(self) -> int:
        """Seconds since the epoch, as the mock sees them (JWT ``NumericDate``)."""
        return int(time.time()) + self.offset()

    def set_offset(self, seconds: int) -> None:
        if abs(seconds) > MAX_OFFSET:
            raise ValueError(f"décalage limité à ±{MAX_OFFSET} secondes")
        with self._db.session() as s:
            s.merge(MockSetting(key=OFFSET_KEY, value=str(int(seconds))))
        with self._lock:
            self._offset, self._read_at = int(seconds), time.monotonic()
