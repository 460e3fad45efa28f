"""Fixtures of the lists' documents: each service's CLI on its own copy of a seeded database.

The same tests run against the portal and the voting space (``service`` is parametrized): both
import the same folders with the same command and must behave alike.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from idp.cli import cli as idp_cli
from shared.settings import load_settings
from tests.support.ballots import CLIENT_SECRET, copy_prepared
from tests.support.databases import copy_database
from tests.support.settings import test_environ
from voting_rp.cli import cli as voting_cli

# Each service's own tables: scrutins and their lists.
TABLES = {"idp": ("scrutins", "candidate_lists"), "voting_rp": ("voting_scrutins", "voting_lists")}


@dataclass
class Service:
    """One service's CLI and database, as an operator sees them."""

    name: str
    cli: click.Group
    environ: dict[str, str]
    database: Path

    def run(self, *args: str) -> Result:
        return CliRunner().invoke(self.cli, list(args), env=self.environ, catch_exceptions=False)

    def documents(self) -> dict[tuple[str, int], tuple[bytes | None, str | None, int | None]]:
        """Every list's (document, SHA-256, size), read straight from the database."""
        scrutins, lists = TABLES[self.name]
        with closing(sqlite3.connect(self.database)) as connection:
            rows = connection.execute(
                f"SELECT s.code, l.position, l.document, l.document_sha256, l.document_size "  # noqa: S608
                f"FROM {lists} l JOIN {scrutins} s ON s.id = l.scrutin_id").fetchall()
        return {(code, position): (content, sha256, size) for code, position, content, sha256, size in rows}

    def forget_documents(self) -> None:
        """The state of a database seeded before the documents existed (migrated, columns empty)."""
        _scrutins, lists = TABLES[self.name]
        with closing(sqlite3.connect(self.database)) as connection, connection:
            connection.execute(f"UPDATE {lists} SET document = NULL, document_sha256 = NULL, "  # noqa: S608
                               "document_size = NULL")


def portal_service(folder: Path, idp_template: Path) -> Service:
    environ = test_environ(folder)
    url = load_settings("idp", environ).database_url
    copy_database(idp_template, url)
    return Service("idp", idp_cli, environ, Path(url.removeprefix("sqlite:///")))


def voting_service(folder: Path, voting_seeded: Path) -> Service:
    copy_prepared(voting_seeded, folder)
    environ = {**test_environ(folder), "VOTING_OIDC_CLIENT_SECRET": CLIENT_SECRET}
    return Service("voting_rp", voting_cli, environ,
                   Path(load_settings("voting_rp", environ).database_url.removeprefix("sqlite:///")))


@pytest.fixture(params=["idp", "voting_rp"])
def service(request: pytest.FixtureRequest, tmp_path: Path, idp_template: Path,
            voting_seeded: Path) -> Iterator[Service]:
    if request.param == "idp":
        yield portal_service(tmp_path / "portail", idp_template)
    else:
        yield voting_service(tmp_path / "vote", voting_seeded)
