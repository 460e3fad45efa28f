"""Alembic environment of the franceconnect_mock database."""

from franceconnect_mock.models import Base
from shared.alembic_env import run_migrations

run_migrations(Base.metadata)
