"""Fixtures of the portal pages: a signed-in voter, on a working or a broken mail relay."""

from __future__ import annotations

import pytest
from flask import Flask

from shared.election.demo import DEMO_PASSWORD
from tests.support.client import PageClient
from tests.support.journeys import PortalActions
from tests.support.mailbox import Mailbox

LUCIE = "lucie.moreau@ac-nice.fr"


@pytest.fixture
def lucie(actions: PortalActions, portal: PageClient) -> PageClient:
    """Mme MOREAU Lucie (2d degré, académie de Nice), signed in and on her portal home."""
    assert actions.sign_in(LUCIE, DEMO_PASSWORD).status_code == 303
    portal.follow()
    return portal


@pytest.fixture
def lucie_without_relay(relay_down_app: Flask, mailbox: Mailbox) -> PageClient:
    """Lucie signed in to the portal whose mail relay is down (signing in needs no mail)."""
    portal = PageClient(relay_down_app)
    assert PortalActions(portal, mailbox).sign_in(LUCIE, DEMO_PASSWORD).status_code == 303
    return portal
