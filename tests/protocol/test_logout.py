"""Logout: RP-initiated (OIDC RP-Initiated Logout 1.0) and back-channel (Back-Channel Logout 1.0).

Mirrors the OpenID Foundation logout modules ``oidcc-rp-initiated-logout``,
``oidcc-rp-initiated-logout-no-state``, ``oidcc-rp-initiated-logout-bad-post-logout-redirect-uri``,
``oidcc-rp-initiated-logout-query-added-to-post-logout-redirect-uri``,
``oidcc-rp-initiated-logout-modified-id-token-hint``, ``oidcc-rp-initiated-logout-no-id-token-hint``
and ``oidcc-backchannel-rp-initiated-logout``. A refused logout changes nothing.
"""

from __future__ import annotations

import base64
import json

import pytest
import requests

from bench.stack import Stack
from tests.support.oidc import ANGELA, LUCIE, Browser, RegisteredClients, RelyingParty, query_of

NOT_REGISTERED = "n'est pas enregistrée pour ce client."


@pytest.fixture
def signed_in(browser: Browser) -> Browser:
    """A browser of its own where Angela is signed in (each logout test ends its session)."""
    browser.sign_in(ANGELA)
    return browser


def id_token_of(browser: Browser, rp: RelyingParty) -> str:
    return str(rp.tokens(browser.authorize(rp))["id_token"])


def logout(browser: Browser, rp: RelyingParty, **params: str) -> requests.Response:
    return browser.get(f"{rp.issuer}/oidc/logout", params=params)


def still_signed_in(browser: Browser, rp: RelyingParty) -> bool:
    return "code" in browser.authorize(rp, prompt="none").answer


def assert_refused(response: requests.Response, message: str) -> None:
    assert response.status_code == 400
    assert "Location" not in response.headers
    assert message in response.text.replace("&#39;", "'")


def test_logout_with_hint_returns_to_the_registered_uri_with_state(signed_in: Browser,
                                                                   rp: RelyingParty) -> None:
    assert rp.post_logout_uri
    answer = logout(signed_in, rp, id_token_hint=id_token_of(signed_in, rp),
                    post_logout_redirect_uri=rp.post_logout_uri, state="après déconnexion")
    assert answer.status_code == 303
    assert answer.headers["Location"].startswith(f"{rp.post_logout_uri}?")
    assert query_of(answer.headers["Location"]) == {"state": "après déconnexion"}
    assert not still_signed_in(signed_in, rp)


def test_logout_without_state_returns_without_state(signed_in: Browser, rp: RelyingParty) -> None:
    answer = logout(signed_in, rp, id_token_hint=id_token_of(signed_in, rp),
                    post_logout_redirect_uri=str(rp.post_logout_uri))
    assert answer.status_code == 303 and answer.headers["Location"] == rp.post_logout_uri


@pytest.mark.parametrize("bent", ["?x=1", "/", "/suite", "#x"])
def test_unregistered_post_logout_uri_is_refused_and_the_session_kept(
        bent: str, signed_in: Browser, rp: RelyingParty) -> None:
    answer = logout(signed_in, rp, id_token_hint=id_token_of(signed_in, rp),
                    post_logout_redirect_uri=f"{rp.post_logout_uri}{bent}", state="s")
    assert_refused(answer, NOT_REGISTERED)
    assert still_signed_in(signed_in, rp)


def test_post_logout_uri_of_another_client_is_refused(signed_in: Browser, clients: RegisteredClients) -> None:
    answer = logout(signed_in, clients.post, id_token_hint=id_token_of(signed_in, clients.post),
                    post_logout_redirect_uri=str(clients.basic.post_logout_uri))
    assert_refused(answer, NOT_REGISTERED)


def test_modified_id_token_hint_is_refused_and_the_session_kept(signed_in: Browser, rp: RelyingParty) -> None:
    header, payload, signature = id_token_of(signed_in, rp).split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["sub"] = "100002"
    forged_payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    answer = logout(signed_in, rp, id_token_hint=f"{header}.{forged_payload}.{signature}",
                    post_logout_redirect_uri=str(rp.post_logout_uri))
    assert_refused(answer, "Le jeton id_token_hint est invalide.")
    assert still_signed_in(signed_in, rp)


def test_an_access_token_is_not_an_id_token_hint(signed_in: Browser, rp: RelyingParty) -> None:
    """RFC 8725 §3.11: a token of another type signed by the same key is not an ID token."""
    access_token = rp.tokens(signed_in.authorize(rp))["access_token"]
    assert_refused(logout(signed_in, rp, id_token_hint=access_token), "Le jeton id_token_hint est invalide.")
    assert still_signed_in(signed_in, rp)


def test_hint_issued_to_another_client_than_client_id_is_refused(signed_in: Browser,
                                                                 clients: RegisteredClients) -> None:
    answer = logout(signed_in, clients.basic, id_token_hint=id_token_of(signed_in, clients.post),
                    client_id=clients.basic.client_id)
    assert_refused(answer, "id_token_hint n'a pas été émis pour ce client.")


def test_without_hint_the_voter_confirms_first(signed_in: Browser, rp: RelyingParty) -> None:
    url = f"{rp.issuer}/oidc/logout"
    params = {"client_id": rp.client_id, "post_logout_redirect_uri": str(rp.post_logout_uri), "state": "s"}
    page = signed_in.get(url, params=params)
    assert page.status_code == 200
    assert "Se déconnecter du portail Élections ?" in page.text
    assert still_signed_in(signed_in, rp)
    confirmed = signed_in.submit_page(page, url, {"confirmer": "oui", **params})
    assert confirmed.status_code == 303
    assert query_of(confirmed.headers["Location"]) == {"state": "s"}
    assert not still_signed_in(signed_in, rp)


def test_hint_of_another_voter_does_not_log_out_silently(signed_in: Browser, rp: RelyingParty,
                                                         live_stack: Stack) -> None:
    other = Browser(live_stack)
    other.sign_in(LUCIE)
    answer = logout(signed_in, rp, id_token_hint=id_token_of(other, rp))
    assert answer.status_code == 200 and "Se déconnecter du portail Élections ?" in answer.text
    assert still_signed_in(signed_in, rp)


def test_portal_logout_ends_the_voting_session_by_back_channel(signed_in: Browser, rp: RelyingParty) -> None:
    signed_in.enter_voting_space()
    assert signed_in.has_voting_session()
    answer = logout(signed_in, rp, id_token_hint=id_token_of(signed_in, rp))
    assert answer.status_code == 200  # no post_logout_redirect_uri: the portal's own page
    assert not signed_in.has_voting_session()


def test_the_voting_space_logout_ends_both_sessions(signed_in: Browser, rp: RelyingParty) -> None:
    """The voting space's own RP-initiated logout, through the portal and back with its state."""
    voting = signed_in.stack.voting_url
    signed_in.enter_voting_space()
    page = signed_in.follow(signed_in.get(f"{voting}/"), within=voting)
    assert page.status_code == 200 and 'action="/deconnexion"' in page.text
    answer = signed_in.submit_page(page, f"{voting}/deconnexion", {})
    assert answer.status_code == 303 and "/oidc/logout?" in answer.headers["Location"]
    back = signed_in.get(answer.headers["Location"])
    assert back.status_code == 303 and back.headers["Location"].startswith(f"{voting}/deconnecte?state=")
    assert signed_in.get(back.headers["Location"]).status_code == 200
    assert not signed_in.has_voting_session()
    assert not still_signed_in(signed_in, rp)
