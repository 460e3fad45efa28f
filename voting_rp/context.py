"""The voting space's long-lived objects, built once in ``create_app``."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from shared.db import Database
from shared.kv import KeyValueStore
from shared.settings import Settings
from voting_rp.auth.provider import Provider


@dataclass
class Voting:
    settings: Settings
    db: Database
    kv: KeyValueStore
    portal: Provider


def voting() -> Voting:
    return current_app.extensions["voting"]  # type: ignore[no-any-return]
