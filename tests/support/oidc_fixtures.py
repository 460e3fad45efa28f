"""Protocol fixtures: browsers and relying parties talking to the running portal over HTTPS, for
the protocol and the adversarial layers (each conftest imports them).

The stack (``live_stack``) and the registered clients (``clients``) are session fixtures of
``tests/conftest.py``, shared with the adversarial and interop layers. Each test that changes a
portal session (sign-in, logout, step-up) opens its own :class:`Browser`; tests that only need
"a voter already signed in" share Angela's.
"""

from __future__ import annotations

from typing import Any

import pytest

from bench.stack import Stack
from tests.support.oidc import ANGELA, Browser, RegisteredClients, RelyingParty, http_session


@pytest.fixture
def browser(live_stack: Stack) -> Browser:
    """A new user agent with no portal session."""
    return Browser(live_stack)


@pytest.fixture(scope="session")
def angela(live_stack: Stack) -> Browser:
    """A browser where Angela is signed in to the portal (never signed out by a test)."""
    signed_in = Browser(live_stack)
    home = signed_in.sign_in(ANGELA)
    assert home.status_code == 200 and "/portail/accueil" in home.url
    return signed_in


@pytest.fixture
def rp(clients: RegisteredClients) -> RelyingParty:
    """The client_secret_basic relying party (ES256 ID tokens)."""
    return clients.basic


@pytest.fixture(scope="session")
def jwks(live_stack: Stack) -> dict[str, Any]:
    response = http_session().get(f"{live_stack.idp_url}/oidc/jwks", timeout=10)
    assert response.status_code == 200
    return dict(response.json())
