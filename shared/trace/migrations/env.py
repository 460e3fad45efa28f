"""Alembic environment of the trace store (its own version table: the store may share a server)."""

from shared.alembic_env import run_migrations
from shared.trace.events import TraceBase

run_migrations(TraceBase.metadata, version_table="trace_alembic_version")
