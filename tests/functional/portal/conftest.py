"""Fixtures of the portal pages: a quickly copied seeded database, a signed-in voter, and a portal
whose mail relay is down."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from idp import create_app
from shared.election.demo import DEMO_PASSWORD
from tests.support.client import PageClient
from tests.support.databases import copy_database, seeded_idp_database
from tests.support.journeys import PortalActions
from tests.support.mailbox import Mailbox, free_port
from tests.support.settings import service_settings

LUCIE = "lucie.moreau@ac-nice.fr"


@pytest.fixture(scope="session")
def idp_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_idp_database(tmp_path_factory.mktemp("idp-modele"))


@pytest.fixture
def idp_app(tmp_path: Path, mailbox: Mailbox, idp_template: Path) -> Flask:
    """As ``tests/conftest.py``'s ``idp_app``, from a copy of the seeded database (no re-hashing)."""
    settings = service_settings("idp", tmp_path, SMTP_URL=mailbox.smtp_url)
    copy_database(idp_template, settings.database_url)
    return create_app(settings)


@pytest.fixture
def actions(portal: PageClient, mailbox: Mailbox) -> PortalActions:
    return PortalActions(portal, mailbox)


@pytest.fixture
def lucie(actions: PortalActions, portal: PageClient) -> PageClient:
    """Mme MOREAU Lucie (2d degré, académie de Nice), signed in and on her portal home."""
    assert actions.sign_in(LUCIE, DEMO_PASSWORD).status_code == 303
    portal.follow()
    return portal


@pytest.fixture
def relay_down_app(tmp_path: Path, idp_template: Path) -> Flask:
    """The portal pointed at an SMTP port where nothing listens (the relay is down)."""
    settings = service_settings("idp", tmp_path / "relais-hs", SMTP_URL=f"smtp://127.0.0.1:{free_port()}")
    copy_database(idp_template, settings.database_url)
    return create_app(settings)


@pytest.fixture
def lucie_without_relay(relay_down_app: Flask, mailbox: Mailbox) -> PageClient:
    """Lucie signed in to the portal whose mail relay is down (signing in needs no mail)."""
    portal = PageClient(relay_down_app)
    assert PortalActions(portal, mailbox).sign_in(LUCIE, DEMO_PASSWORD).status_code == 303
    return portal
