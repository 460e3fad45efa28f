"""The inspector in a real browser (issue 7): after the FranceConnect réassort, a reviewer finds
every hop of it in order, with decoded tokens and their checks, and no secret in clear."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import pytest

from bench.stack import ROOT, Stack
from shared.election.demo import DEMO_PASSWORD
from tests.browser.conftest import screenshot
from tests.browser.test_sso import sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser
REVIEWER, REVIEWER_PASSWORD = "relectrice.securite", "Relecture-Navigateur-2022!"
FC_EMAIL = "angela.dubois@example.com"
# FranceConnect's test identity, which is also the voter's civil status (the réassort matches them).
PERSONAL_VALUES = ("Angela Claire Louise", "DUBOIS", "1962-08-24", "angela.dubois@ac-paris.fr")
COMPLETE_JWS = re.compile(r"ey[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}")
VOTING, PORTAL, FC = "Espace de vote", "Portail Élections", "FranceConnect"
FC_HOPS = [
    (VOTING, "Requête d'autorisation (redirection du navigateur)"),
    (FC, "Requête d'autorisation"),
    (FC, "Réponse d'autorisation (redirection vers le client)"),
    (VOTING, "Réponse d'autorisation reçue (callback)"),
    (VOTING, "Jeton : échange du code d'autorisation"),
    (FC, "Jeton : échange du code d'autorisation"),
    (VOTING, "Vérification du jeton d'identité"),
    (VOTING, "UserInfo"),
    (FC, "UserInfo"),
    (VOTING, "Vérification de UserInfo signé"),
    (VOTING, "Déconnexion de FranceConnect (redirection)"),
    (FC, "Déconnexion (fin de session)"),
    (VOTING, "Retour de déconnexion"),
]


def franceconnect_reassort(page: Page, stack: Stack) -> list[str]:
    """Seed 003 through FranceConnect; returns the authorization codes the browser carried."""
    codes: list[str] = []
    page.on("request", lambda r: codes.extend(parse_qs(urlsplit(r.url).query).get("code", [])))
    sign_in(page, stack, "angela.dubois@ac-paris.fr")
    page.goto(f"{stack.voting_url}/code-de-vote")
    page.get_by_role("link", name="Cliquez ici pour obtenir un réassort de votre code de vote").click()
    page.get_by_role("button", name=re.compile("S'identifier avec")).click()
    page.get_by_role("button", name="Démonstration", exact=True).click()
    page.get_by_label("Identifiant").fill("test")
    page.get_by_label("Mot de passe").fill("123")
    page.get_by_role("button", name="Valider").click()
    page.wait_for_url(re.compile(r".*/(consentement|reassort/envoye)$"))
    if page.url.endswith("/consentement"):  # asked once per FranceConnect session
        page.get_by_label(re.compile("J'accepte que FranceConnect transmette")).check()
        page.get_by_role("button", name=re.compile("Continuer sur")).click()
    page.get_by_text("Un lien vous a été envoyé").wait_for()
    return codes


def create_reviewer(stack: Stack) -> None:
    subprocess.run([sys.executable, "-m", "idp", "create-reviewer", "--login", REVIEWER], cwd=ROOT,
                   env={**stack.environ, "REVIEWER_PASSWORD": REVIEWER_PASSWORD}, check=True,
                   capture_output=True, timeout=60)


def hops(page: Page) -> list[tuple[str, str]]:
    steps = page.locator("ol.sequence > li")
    return [(step.locator(".badge").inner_text(), step.locator(".libelle").inner_text())
            for step in steps.all()]


def in_order(expected: list[tuple[str, str]], seen: list[tuple[str, str]]) -> bool:
    remaining = iter(seen)
    return all(any(hop == step for step in remaining) for hop in expected)


def test_reviewer_follows_the_franceconnect_reassort_hop_by_hop(page: Page, live_stack: Stack,
                                                                tmp_path: Path) -> None:
    stack = live_stack
    codes = franceconnect_reassort(page, stack)
    assert codes, "aucun code d'autorisation vu par le navigateur"

    page.goto(f"{stack.idp_url}/inspecteur")  # the voter's portal session opens nothing here
    page.get_by_role("heading", name="Accès réservé aux relecteurs").wait_for()

    create_reviewer(stack)
    page.goto(f"{stack.idp_url}/inspecteur/connexion")
    page.get_by_label("Identifiant du relecteur").fill(REVIEWER)
    page.get_by_label("Mot de passe").fill(REVIEWER_PASSWORD)
    page.get_by_role("button", name="SE CONNECTER").click()
    page.get_by_role("heading", name="Inspecteur des échanges").wait_for()
    screenshot(page, "inspecteur-00-parcours")
    newest = page.locator("table.parcours tbody tr").first
    assert "100001" in newest.inner_text()
    for service in (PORTAL, VOTING, FC):
        assert newest.get_by_text(service, exact=True).count() == 1
    newest.get_by_role("link").click()

    seen = hops(page)
    assert in_order(FC_HOPS, seen), seen
    verification = page.locator("ol.sequence > li").filter(has_text="Vérification du jeton d'identité").last
    verification.locator("summary").click()
    details = verification.inner_text()
    assert '"acr": "eidas1"' in details and '"nonce"' in details and '"kid"' in details
    for check in ("signature", "iss", "aud", "exp / iat", "nonce", "at_hash", "acr"):
        assert check in details, check
    assert "échoué" not in details
    screenshot(page, "inspecteur-01-parcours-franceconnect")

    # What a reviewer needs of the ID token, and not the person: claim names, masked values, fingerprint.
    assert "Empreinte SHA-256" in details
    signed_userinfo = page.locator("ol.sequence > li").filter(has_text="Vérification de UserInfo signé").last
    signed_userinfo.locator("summary").click()
    assert '"given_name": "(masqué : donnée personnelle)"' in signed_userinfo.inner_text()
    links = stack.messages(FC_EMAIL)[0]["links"]
    assert isinstance(links, list), links
    link_token = parse_qs(urlsplit(str(links[0])).query)["token"][0]
    content = page.content()
    for secret in (stack.environ["VOTING_FC_CLIENT_SECRET"], stack.environ["VOTING_OIDC_CLIENT_SECRET"],
                   FC_EMAIL, link_token, DEMO_PASSWORD, *codes, *PERSONAL_VALUES):
        assert secret not in content
    assert not COMPLETE_JWS.search(content)

    with page.expect_download() as download:
        page.get_by_role("link", name="Exporter en JSON").click()
    exported = tmp_path / "parcours.json"
    download.value.save_as(exported)
    verified = subprocess.run([sys.executable, "-m", "shared.trace", "verify", str(exported)], cwd=ROOT,
                              env=stack.environ, capture_output=True, text=True, timeout=60)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "id_token ES256" in verified.stdout and "signature ✓" in verified.stdout  # the receiver's verdict
    assert "donnez avec --jeton" in verified.stdout  # no token whole to re-verify: the reviewer brings it
    for secret in (stack.environ["VOTING_FC_CLIENT_SECRET"], FC_EMAIL, link_token, *codes, *PERSONAL_VALUES):
        assert secret not in exported.read_text()
    assert not COMPLETE_JWS.search(exported.read_text())
