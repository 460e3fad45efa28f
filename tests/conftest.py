"""Fixtures shared by every test layer: the idp app on a migrated SQLite database, and a live stack."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from idp import create_app
from idp.context import Idp
from idp.election.demo import seed_demo
from shared import db
from tests.support.client import PageClient
from tests.support.mailbox import Mailbox, running_mailbox
from tests.support.oidc import RegisteredClients, register_test_clients
from tests.support.settings import service_settings
from tests.support.stack import Stack, start_stack


@pytest.fixture
def mailbox(tmp_path: Path) -> Iterator[Mailbox]:
    with running_mailbox(tmp_path) as box:
        yield box


@pytest.fixture
def idp_app(tmp_path: Path, mailbox: Mailbox) -> Flask:
    """The portal with the demo election, sending real SMTP to an in-process devbox."""
    settings = service_settings("idp", tmp_path, SMTP_URL=mailbox.smtp_url)
    db.upgrade("idp", settings.database_url)
    app = create_app(settings)
    with app.app_context():
        seed_demo(app.extensions["idp"])
    return app


@pytest.fixture
def idp_ctx(idp_app: Flask) -> Idp:
    return idp_app.extensions["idp"]  # type: ignore[no-any-return]


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
