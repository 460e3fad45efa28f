"""Alembic environment of the urne (its own database, its own tables: see voting_rp/ballots/urne.py)."""

from shared.alembic_env import run_migrations
from voting_rp.ballots.urne import UrneBase

run_migrations(UrneBase.metadata)
