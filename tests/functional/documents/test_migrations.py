"""The documents' migrations (idp 0004, voting space 0005) on a database that already holds lists:
the lists keep their data and get empty documents; the downgrade gives the columns back."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command

from shared import db
from shared.election.demo import CANDIDATE_NAMES, UNIONS

CHAINS = {  # service → (revision before the documents, the documents' revision, scrutins, lists)
    "idp": ("0003", "0004", "scrutins", "candidate_lists"),
    "voting_rp": ("0004", "0005", "voting_scrutins", "voting_lists"),
}


def columns(path: Path, table: str) -> set[str]:
    with closing(sqlite3.connect(path)) as connection:
        return {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}


@pytest.mark.parametrize("service", sorted(CHAINS))
def test_existing_lists_survive_the_upgrade_and_the_downgrade(tmp_path: Path, service: str) -> None:
    before, documents, scrutins, lists = CHAINS[service]
    path = tmp_path / f"{service}.db"
    config = db.alembic_config(service, f"sqlite:///{path}")
    command.upgrade(config, before)
    extra = ", position" if service == "voting_rp" else ""
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute(f"INSERT INTO {scrutins} (id, code, kind, title{extra}) "  # noqa: S608
                           f"VALUES (1, 'CSA-MIN', 'CSA-MIN', 'CSA ministériel'{', 0' if extra else ''})")
        connection.execute(f"INSERT INTO {lists} (scrutin_id, position, union_name, candidates) "  # noqa: S608
                           "VALUES (1, 1, ?, ?)", (UNIONS[0], "\n".join(CANDIDATE_NAMES[:2])))

    command.upgrade(config, documents)  # later migrations are not this test's business
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (documents,)
    with closing(sqlite3.connect(path)) as connection:
        row = connection.execute(f"SELECT union_name, document, document_sha256, document_size "  # noqa: S608
                                 f"FROM {lists}").fetchone()
    assert row == (UNIONS[0], None, None, None)

    command.downgrade(config, before)
    assert {"document", "document_sha256", "document_size"}.isdisjoint(columns(path, lists))
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute(f"SELECT union_name FROM {lists}").fetchone() == (UNIONS[0],)  # noqa: S608
