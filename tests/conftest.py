"""Fixtures shared by every test layer: the idp app on a migrated SQLite database, and a live stack."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from bench.servers import free_port
from bench.stack import Stack, start_stack
from idp import create_app
from idp.context import Idp
from tests.support.client import PageClient
from tests.support.databases import copy_database, seeded_idp_database
from tests.support.journeys import PortalActions
from tests.support.mailbox import Mailbox, running_mailbox
from tests.support.oidc import RegisteredClients, register_test_clients
from tests.support.settings import service_settings


@pytest.fixture
def mailbox(tmp_path: Path) -> Iterator[Mailbox]:
    with running_mailbox(tmp_path) as box:
        yield box


@pytest.fixture(scope="session")
def idp_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The migrated, seeded portal database, built once (seeding hashes every demo secret)."""
    return seeded_idp_database(tmp_path_factory.mktemp("idp-modele"))


@pytest.fixture(scope="session")
def voting_seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated and seeded voting space folder (no key ceremony), to copy for each test."""
    from tests.support.ballots import prepare
    return prepare(tmp_path_factory.mktemp("espace-de-vote-seede"), ceremony=False)


@pytest.fixture
def idp_app(tmp_path: Path, mailbox: Mailbox, idp_template: Path) -> Flask:
    """The portal with the demo election on its own copy of the seeded database, sending real
    SMTP to an in-process devbox."""
    settings = service_settings("idp", tmp_path, SMTP_URL=mailbox.smtp_url)
    copy_database(idp_template, settings.database_url)
    return create_app(settings)


@pytest.fixture
def relay_down_app(tmp_path: Path, idp_template: Path) -> Flask:
    """The portal pointed at an SMTP port where nothing listens (the relay is down)."""
    settings = service_settings("idp", tmp_path / "relais-hs", SMTP_URL=f"smtp://127.0.0.1:{free_port()}")
    copy_database(idp_template, settings.database_url)
    return create_app(settings)


@pytest.fixture
def actions(portal: PageClient, mailbox: Mailbox) -> PortalActions:
    return PortalActions(portal, mailbox)


@pytest.fixture
def idp_ctx(idp_app: Flask) -> Idp:
    return idp_app.extensions["idp"]


@pytest.fixture
def portal(idp_app: Flask) -> PageClient:
    return PageClient(idp_app)


@pytest.fixture(scope="session")
def live_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """idp, voting space and devbox as real HTTPS processes, shared by the protocol, adversarial
    and interop layers (starting a stack costs seconds; each test uses its own browser session)."""
    running = start_stack(tmp_path_factory.mktemp("live-stack"))
    yield running
    running.stop()


@pytest.fixture(scope="session")
def clients(live_stack: Stack) -> RegisteredClients:
    """Relying parties registered by the CLI: client_secret_basic, client_secret_post (RS256) and
    private_key_jwt."""
    return register_test_clients(live_stack)
