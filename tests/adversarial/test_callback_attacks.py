"""Attacks on the voting space's callback from the portal, end to end over HTTPS.

Each bent callback gets the French refusal page (400) and opens no session: a replayed ``state``
(RFC 6749 §10.12), a response carrying another issuer (mix-up, RFC 9207), a forged or injected
code (RFC 9700 §4.5: PKCE binds the code to the browser that asked for it), an error or a missing
parameter.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
import requests

from bench.stack import Stack
from tests.support.oidc import ANGELA, Browser, RegisteredClients, query_of

REFUSED = "Connexion à l'espace de vote refusée"


@pytest.fixture(scope="module")
def voter(live_stack: Stack) -> Browser:
    """Angela's browser, signed in to the portal once for this module."""
    browser = Browser(live_stack)
    browser.sign_in(ANGELA)
    return browser


def callback(stack: Stack, **params: str) -> str:
    return f"{stack.voting_url}/auth/portail/callback?{urlencode(params)}"


def assert_refused(response: requests.Response, reason: str) -> None:
    assert response.status_code == 400, response.text[:300]
    assert REFUSED in response.text.replace("&#39;", "'")
    assert reason in response.text.replace("&#39;", "'")


def test_replayed_callback_is_refused_and_opens_no_session(voter: Browser, live_stack: Stack) -> None:
    url = voter.voting_callback_url()
    assert voter.get(url).status_code == 303  # the honest callback opens the voting session
    assert_refused(voter.get(url), "state inconnu, expiré ou déjà utilisé")
    attacker = Browser(live_stack)  # the same URL replayed from another browser
    assert_refused(attacker.get(url), "state inconnu")
    assert not attacker.has_voting_session()


def test_callback_with_another_issuer_is_refused(voter: Browser, live_stack: Stack) -> None:
    bent = voter.with_same_portal_session()
    params = query_of(bent.voting_callback_url())
    for iss in ("https://evil.example", f"{live_stack.idp_url}/", None):
        args = {**params, "iss": iss} if iss else {k: v for k, v in params.items() if k != "iss"}
        assert_refused(bent.get(callback(live_stack, **args)), "mix-up")
        # the state was spent by the refusal: ask again for the next variant
        params = query_of(bent.voting_callback_url())
    assert not bent.has_voting_session()


def test_forged_code_with_a_valid_state_is_refused(voter: Browser, live_stack: Stack) -> None:
    victim = voter.with_same_portal_session()
    params = query_of(victim.voting_callback_url())
    answer = victim.get(callback(live_stack, **{**params, "code": "code-forgé-par-un-attaquant"}))
    assert_refused(answer, "échange du code refusé (invalid_grant)")
    assert not victim.has_voting_session()


def test_code_injected_from_another_browser_is_refused(voter: Browser, live_stack: Stack) -> None:
    """The attacker's own valid code, pasted into the victim's callback: PKCE catches it."""
    attacker = voter.with_same_portal_session()
    stolen_code = query_of(attacker.voting_callback_url())["code"]
    victim = voter.with_same_portal_session()
    params = query_of(victim.voting_callback_url())
    assert_refused(victim.get(callback(live_stack, **{**params, "code": stolen_code})), "invalid_grant")
    assert not victim.has_voting_session()


def test_code_issued_to_another_client_is_refused(voter: Browser, live_stack: Stack,
                                                  clients: RegisteredClients) -> None:
    foreign_code = voter.authorize(clients.basic).code
    victim = voter.with_same_portal_session()
    params = query_of(victim.voting_callback_url())
    assert_refused(victim.get(callback(live_stack, **{**params, "code": foreign_code})), "invalid_grant")
    assert not victim.has_voting_session()


def test_callback_without_state_is_refused(live_stack: Stack) -> None:
    browser = Browser(live_stack)
    assert_refused(browser.get(callback(live_stack, code="c", iss=live_stack.idp_url)), "state inconnu")
    assert not browser.has_voting_session()


def test_error_response_is_refused_with_its_reason(voter: Browser, live_stack: Stack) -> None:
    browser = voter.with_same_portal_session()
    state = query_of(browser.voting_callback_url())["state"]
    answer = browser.get(callback(live_stack, state=state, iss=live_stack.idp_url, error="access_denied"))
    assert_refused(answer, "refus du fournisseur : access_denied")
    assert not browser.has_voting_session()


def test_repeated_parameters_are_refused(live_stack: Stack) -> None:
    browser = Browser(live_stack)
    url = f"{live_stack.voting_url}/auth/portail/callback?state=a&state=b&code=c"
    assert_refused(browser.get(url), "paramètres répétés")
