"""The mock's long-lived objects, built once in ``create_app`` and reached from views and services."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import current_app

from franceconnect_mock.clients.keys import ClientKeys
from franceconnect_mock.clients.store import ClientRegistry
from franceconnect_mock.clock import MockClock
from franceconnect_mock.config import FcConfig
from franceconnect_mock.identities.service import IdentityDirectory
from franceconnect_mock.journal.recorder import Journal
from franceconnect_mock.protocol.grants import GrantStore
from franceconnect_mock.scenarios.catalogue import Scenarios
from shared.db import Database
from shared.keys import KeyRing
from shared.kv import KeyValueStore
from shared.ratelimit import RateLimiter
from shared.settings import Settings


@dataclass
class FcMock:
    settings: Settings
    config: FcConfig
    db: Database
    kv: KeyValueStore
    clock: MockClock
    keyring: KeyRing
    clients: ClientRegistry
    identities: IdentityDirectory
    scenarios: Scenarios
    grants: GrantStore
    client_keys: ClientKeys
    journal: Journal
    console_limiter: RateLimiter
    # The failure login "32-second delay" really waits; tests replace this to stay fast.
    sleep: Callable[[float], None] = field(default=time.sleep)


def fc() -> FcMock:
    """The running app's :class:`FcMock`."""
    return current_app.extensions["franceconnect_mock"]
