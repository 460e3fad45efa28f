"""Rate limits per account and per address, on the `limits` library (the engine of Flask-Limiter).

Windows slide and expire, so a limit slows guessing without locking anybody out for good
(OWASP ASVS 6.3.1: no unbounded lockout). Storage: ``memory://`` for one process,
``redis://…`` for several instances.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from shared.kv import redis_options


@dataclass(frozen=True)
class Refusal:
    """A refused attempt, with when the voter may try again."""

    retry_after: int

    @property
    def message(self) -> str:
        minutes = max(1, -(-self.retry_after // 60))
        unit = "minute" if minutes == 1 else "minutes"
        return (f"Trop de tentatives. Par sécurité, merci de patienter {minutes} {unit} "
                "avant de réessayer.")


class RateLimiter:
    """Named limits, each counted under several keys (account, address)."""

    def __init__(self, storage_url: str, limits_by_name: dict[str, str]) -> None:
        # Redis: bounded waits and quick retries after a restart, as for every Redis client.
        options = redis_options() if storage_url.startswith(("redis://", "rediss://")) else {}
        self._storage = storage_from_string(storage_url, **options)
        self._strategy = MovingWindowRateLimiter(self._storage)
        self._limits: dict[str, RateLimitItem] = {n: parse(v) for n, v in limits_by_name.items()}

    def hit(self, name: str, *keys: str) -> Refusal | None:
        """Count one attempt under every key; refuse when any key is over its limit."""
        item = self._limits[name]
        refused = None
        for key in keys:
            if not self._strategy.hit(item, name, key):
                reset_at, _remaining = self._strategy.get_window_stats(item, name, key)

                refused = Refusal(retry_after=max(1, int(reset_at - time.time())))
        return refused

    def check(self, name: str, *keys: str) -> Refusal | None:
        """Refuse without counting when a key is already over its limit."""
        item = self._limits[name]
        for key in keys:
            if not self._strategy.test(item, name, key):

                reset_at, _ = self._strategy.get_window_stats(item, name, key)
                return Refusal(retry_after=max(1, int(reset_at - time.time())))
        return None

    def remaining(self, name: str, *keys: str) -> int:
        """Attempts left before the tightest of ``keys`` is refused (what a voter may be told)."""
        item = self._limits[name]
        return min(self._strategy.get_window_stats(item, name, key)[1] for key in keys)

    def window_minutes(self, name: str) -> int:
        """The length of the limit's window, in minutes: the longest pause it can impose."""
        return max(1, self._limits[name].get_expiry() // 60)

    def reset(self) -> None:
        self._storage.reset()
