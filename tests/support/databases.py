"""A migrated idp database with the demo election, built once and copied for each test.

Seeding hashes every demo secret with Argon2id (about half a second); copying the seeded file
takes a few milliseconds, so functional tests start from the same state without paying it again.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from idp import create_app
from idp.election.demo import seed_demo
from shared import db
from tests.support.settings import service_settings


def _path(url: str) -> Path:
    assert url.startswith("sqlite:///"), url
    return Path(url.removeprefix("sqlite:///"))


def seeded_idp_database(folder: Path) -> Path:
    """Migrate and seed an idp database in ``folder``; return its file."""
    settings = service_settings("idp", folder)
    db.upgrade("idp", settings.database_url)
    app = create_app(settings)
    with app.app_context():
        seed_demo(app.extensions["idp"])
    app.extensions["idp"].db.engine.dispose()
    return _path(settings.database_url)


def copy_database(template: Path, url: str) -> None:
    """Copy ``template`` to the SQLite file of ``url`` with SQLite's backup API (WAL included)."""
    target = _path(url)
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(template)) as source, closing(sqlite3.connect(target)) as copy:
        source.backup(copy)
