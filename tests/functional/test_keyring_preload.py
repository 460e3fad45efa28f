"""A worker imports its signing keys when it starts, not at its first token (``KeyRing.preload``,
called by the ``wsgi`` modules): an RSA-3072 private key costs about 0.1 s of CPU to import."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from bench.servers import inherited_environ
from bench.stack import ROOT, stack_environ
from shared.db import Base, Database
from shared.keys import KeyRing, SigningKey
from tests.support.sql import statements

SECRET = "une-clé-de-test-assez-longue-pour-sceller"


@pytest.fixture
def database(tmp_path: Path) -> Database:
    database = Database(f"sqlite:///{tmp_path}/cles.db")
    Base.metadata.create_all(database.engine, tables=[Base.metadata.tables[SigningKey.__tablename__]])
    KeyRing(database, SECRET, "idp").ensure()  # what `init-keys` did, in another process
    return database


def test_after_preload_signing_and_publishing_read_nothing(database: Database) -> None:
    ring = KeyRing(database, SECRET, "idp")
    ring.preload()
    with statements(database.engine) as seen:
        assert ring.signing_key("RS256").alg == "RS256"
        assert ring.signing_key("ES256").alg == "ES256"
        assert len(ring.jwks()["keys"]) == 4  # active and next, of each algorithm
    assert seen == []


def test_without_preload_the_first_token_reads_the_keys(database: Database) -> None:
    ring = KeyRing(database, SECRET, "idp")
    with statements(database.engine) as seen:
        ring.signing_key("RS256")
    assert seen


def test_a_service_started_before_its_migration_still_starts(tmp_path: Path,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    ring = KeyRing(Database(f"sqlite:///{tmp_path}/vide.db"), SECRET, "idp")
    with caplog.at_level(logging.WARNING, logger="shared.keys"):
        ring.preload()
    assert "premier usage" in caplog.text


PROBE = """
import {module} as served
from sqlalchemy import event
seen = []
event.listen({database}.engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
{ring}.signing_key("RS256")
print(len(seen))
"""


@pytest.mark.parametrize(("service", "prepare", "database", "ring"), [
    ("idp", (["migrate"], ["init-keys"]), 'served.app.extensions["idp"].db',
     'served.app.extensions["keyring"]'),
    ("franceconnect_mock", (["migrate"],), 'served.app.extensions["franceconnect_mock"].db',
     'served.app.extensions["franceconnect_mock"].keyring'),
])
def test_each_served_app_has_its_keys_before_its_first_request(
        tmp_path: Path, service: str, prepare: tuple[list[str], ...], database: str, ring: str) -> None:
    environ = {**inherited_environ(), **stack_environ(tmp_path), "PYTHONPATH": str(ROOT)}
    for command in prepare:
        subprocess.run([sys.executable, "-m", service, *command], cwd=ROOT, env=environ, check=True,
                       capture_output=True, timeout=120)
    probe = PROBE.format(module=f"{service}.wsgi", database=database, ring=ring)
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=environ, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split()[-1] == "0"  # the first signature read no key from the database
