"""Alembic environment of the voting space database."""

from shared.alembic_env import run_migrations
from voting_rp.models import Base

run_migrations(Base.metadata)
