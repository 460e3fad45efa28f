"""The voting space's long-lived objects, built once in ``create_app``."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from shared.db import Database
from shared.hashing import SecretHasher
from shared.kv import KeyValueStore
from shared.messaging import Mailer, SmsClient
from shared.ratelimit import RateLimiter
from shared.sealing import Sealer
from shared.settings import Settings
from voting_rp.config import VotingConfig
from voting_rp.oidc.provider import Provider
from voting_rp.urne.store import UrneStore


@dataclass
class Voting:
    settings: Settings
    config: VotingConfig  # the VOTING_* settings, checked at start
    db: Database
    kv: KeyValueStore
    hasher: SecretHasher
    limiter: RateLimiter
    mailer: Mailer
    sms: SmsClient
    portal: Provider
    urne: UrneStore  # the ballot box: its own engine, never the vote database's
    # The réassort's private key (the channel comes back encrypted to it) waits in the session, sealed.
    channel_sealer: Sealer
    franceconnect: Provider | None = None


def voting() -> Voting:
    return current_app.extensions["voting"]
