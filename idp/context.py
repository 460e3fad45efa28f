"""The idp's long-lived objects, built once in ``create_app`` and reached from views and services."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import current_app
from werkzeug.wrappers import Response

from shared.db import Database
from shared.hashing import SecretHasher
from shared.kv import KeyValueStore
from shared.messaging import Mailer
from shared.ratelimit import RateLimiter
from shared.settings import Settings

if TYPE_CHECKING:  # the bottom layer only names the registry's type; create_app builds it
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
    return current_app.extensions["idp"]


@dataclass(frozen=True)
class Handoffs:
    """The steps a feature hands to a feature above it, filled in once by ``create_app``: the
    lower feature dispatches through this table instead of importing the higher one."""

    # oidc -> interaction: a checked authorization request (params, acr, prompts, max_age) goes on.
    authorize: Callable[[dict[str, str], str, set[str], int | None], Response]
    # oidc -> interaction: a request parked in the session goes on, by its uid (None: expired).
    resume: Callable[[str], Response | None]
    # accounts -> interaction: the page resuming the request a fresh sign-in completes, if any.
    after_sign_in: Callable[[], str | None]
    # accounts -> oidc: end the portal session and tell every client (back-channel logout).
    sign_out_everywhere: Callable[[], None]


def handoffs() -> Handoffs:
    """The running app's :class:`Handoffs`."""
    return current_app.extensions["idp_handoffs"]
