"""The FranceConnect mock in a real browser: chooser → demo identity provider → consent → callback.

The service provider's callback is a loopback URL that Playwright answers itself (``page.route``),
so the test reads the authorization response exactly as the browser delivered it, then exchanges
the code over HTTPS as a service provider's server would.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from joserfc import jws
from joserfc.jwk import KeySet

from bench.stack import CA
from tests.browser.conftest import screenshot
from tests.support.fc_stack import FcProcess, start_franceconnect

if TYPE_CHECKING:
    from playwright.sync_api import Page, Route

pytestmark = pytest.mark.browser
CALLBACK = "https://localhost:9/fs/callback"  # loopback, answered by page.route, never reached
SECRET = "secret-du-service-de-test-" + "x" * 20
CLIENT = {"client_id": "fs-navigateur", "name": "Service de test du navigateur", "redirect_uris": [CALLBACK],
          "post_logout_redirect_uris": ["https://localhost:9/fs/fin"],
          "scopes": ["openid", "identite_pivot", "email"], "signing_alg": "ES256", "kind": "private",
          "token_endpoint_auth_method": "client_secret_post", "client_secret": SECRET}


@pytest.fixture(scope="module")
def fc_process(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FcProcess]:
    running = start_franceconnect(tmp_path_factory.mktemp("fc-navigateur"), [CLIENT])
    yield running
    running.stop()


def authorize_url(fc: FcProcess, state: str, nonce: str) -> str:
    params = {"client_id": CLIENT["client_id"], "response_type": "code", "redirect_uri": CALLBACK,
              "scope": "openid identite_pivot email", "acr_values": "eidas1", "state": state, "nonce": nonce}
    return f"{fc.issuer}/authorize?{urlencode(params)}"


def capture_callback(page: Page) -> list[str]:
    """Answer the loopback callback in the browser and keep the URL it was called with."""
    seen: list[str] = []

    def answer(route: Route) -> None:
        seen.append(route.request.url)
        route.fulfill(status=200, content_type="text/html; charset=utf-8",
                      body="<!doctype html><title>Service</title><h1>Retour sur le service</h1>")

    page.route(re.compile(r"^https://localhost:9/"), answer)
    return seen


def test_chooser_identity_provider_consent_callback(page: Page, fc_process: FcProcess) -> None:
    seen = capture_callback(page)
    state, nonce = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
    page.goto(authorize_url(fc_process, state, nonce))

    page.get_by_role("heading", name="Je choisis un compte pour me connecter sur :").wait_for()
    assert page.get_by_text("Service de test du navigateur", exact=True).is_visible()
    assert page.get_by_role("link", name="Qu'est-ce que FranceConnect ?").is_visible()
    page.get_by_label("Se souvenir de mon choix").check()
    screenshot(page, "fc-01-choix-du-compte")
    page.get_by_role("button", name="Démonstration", exact=True).click()

    page.get_by_label("Identifiant").fill("test")
    page.get_by_label("Mot de passe").fill("123")
    screenshot(page, "fc-02-fournisseur-identite-demo")
    page.get_by_role("button", name="Valider").click()

    page.get_by_role("heading", name="Vous êtes sur le point de vous connecter à").wait_for()
    assert page.get_by_text("Adresse électronique").is_visible()
    page.get_by_label(re.compile("J'accepte que FranceConnect transmette")).check()
    screenshot(page, "fc-03-consentement")
    page.get_by_role("button", name=re.compile("Continuer sur")).click()
    page.get_by_role("heading", name="Retour sur le service").wait_for()

    query = {k: v[0] for k, v in parse_qs(urlsplit(seen[-1]).query).items()}
    assert query["state"] == state and set(query) == {"code", "state"}
    token = requests.post(f"{fc_process.issuer}/token", verify=str(CA), timeout=10, data={
        "grant_type": "authorization_code", "code": query["code"], "redirect_uri": CALLBACK,
        "client_id": CLIENT["client_id"], "client_secret": SECRET})
    assert token.status_code == 200, token.text
    jwks = KeySet.import_key_set(requests.get(f"{fc_process.issuer}/jwks", verify=str(CA), timeout=10).json())
    claims = json.loads(jws.deserialize_compact(token.json()["id_token"], jwks, algorithms=["ES256"]).payload)
    assert claims["nonce"] == nonce and claims["acr"] == "eidas1" and claims["aud"] == CLIENT["client_id"]
    userinfo = requests.get(f"{fc_process.issuer}/userinfo", verify=str(CA), timeout=10,
                            headers={"Authorization": f"Bearer {token.json()['access_token']}"})
    assert userinfo.headers["Content-Type"].startswith("application/jwt")
    person = json.loads(jws.deserialize_compact(userinfo.text, jwks, algorithms=["ES256"]).payload)
    assert person["family_name"] == "DUBOIS" and person["email"] == "angela.dubois@example.com"

    # The remembered choice comes first next time; the FranceConnect session gives single sign-on.
    page.context.clear_cookies(name="__Host-fc-session")
    page.goto(authorize_url(fc_process, secrets.token_urlsafe(24), secrets.token_urlsafe(24)))
    assert page.get_by_text("Mon choix mémorisé").is_visible()


def test_cancel_goes_back_with_access_denied(page: Page, fc_process: FcProcess) -> None:
    seen = capture_callback(page)
    state = secrets.token_urlsafe(24)
    page.goto(authorize_url(fc_process, state, secrets.token_urlsafe(24)))
    page.get_by_role("button", name="Démonstration 2").click()
    page.get_by_role("link", name=re.compile("Annuler et revenir sur")).click()
    page.get_by_role("heading", name="Retour sur le service").wait_for()
    query = {k: v[0] for k, v in parse_qs(urlsplit(seen[-1]).query).items()}
    assert query["error"] == "access_denied" and query["state"] == state


def test_unknown_client_shows_the_error_page_with_its_codes(page: Page, fc_process: FcProcess) -> None:
    page.goto(f"{fc_process.issuer}/authorize?client_id=inconnu&response_type=code&redirect_uri={CALLBACK}"
              f"&scope=openid&acr_values=eidas1&state={'s' * 22}&nonce={'n' * 22}")
    assert page.locator("#code-erreur").inner_text() == "Y04EA6EF"
    assert re.fullmatch(r"[0-9a-f-]{36}", page.locator("#id-erreur").inner_text())
    screenshot(page, "fc-04-page-erreur")
