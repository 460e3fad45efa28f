"""The idp's long-lived objects, built once in ``create_app`` and reached from views and services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import current_app

from shared.db import Database
from shared.hashing import SecretHasher
from shared.kv import KeyValueStore
from shared.messaging import Mailer
from shared.ratelimit import RateLimiter
from shared.settings import Settings

if TYPE_CHECKING:  # the registry's module reaches the running app through this one
    from idp.oidc.registry import ClientRegistry


@dataclass
class Idp:
    settings: Settings
    db: Database
    kv: KeyValueStore
    hasher: SecretHasher
    limiter: RateLimiter
    mailer: Mailer
    clients: ClientRegistry


def idp() -> Idp:
    """The running app's :class:`Idp`."""
    return current_app.extensions["idp"]  # type: ignore[no-any-return]
