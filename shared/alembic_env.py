"""The body of every service's Alembic ``env.py``: online migrations on the configured URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import MetaData

from shared.db import make_engine


def run_migrations(metadata: MetaData, version_table: str = "alembic_version") -> None:
    """Run the pending migrations of ``metadata`` (batch mode so SQLite can alter tables)."""
    url = context.config.get_main_option("sqlalchemy.url")
    assert url, "sqlalchemy.url manquant dans la configuration Alembic"
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=metadata, version_table=version_table,
                          render_as_batch=True, compare_type=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()
