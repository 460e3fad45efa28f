"""Alembic environment of the idp database."""

from idp.models import Base
from shared.alembic_env import run_migrations

run_migrations(Base.metadata)
