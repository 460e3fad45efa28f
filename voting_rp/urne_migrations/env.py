"""Alembic environment of the urne (its own database, its own tables: see voting_rp/urne/models.py)."""

from shared.alembic_env import run_migrations
from voting_rp.urne.models import UrneBase

run_migrations(UrneBase.metadata)
