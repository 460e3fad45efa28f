"""Single sign-on from the portal into the voting space, in a real browser (issue: OIDC provider)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from bench.stack import Stack
from shared.election.demo import DEMO_PASSWORD
from tests.browser.conftest import screenshot
from tests.browser.test_portal_journeys import identify

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def sign_in(page: Page, stack: Stack, email: str) -> None:
    identify(page, stack, email)
    page.get_by_role("textbox", name="Mot de passe Élections *").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="CONNEXION").click()


def test_portal_to_voting_space_without_second_password(page: Page, stack: Stack) -> None:
    sign_in(page, stack, "angela.dubois@ac-paris.fr")
    page.get_by_role("heading", name="Bienvenue sur votre portail Élections").wait_for()
    page.get_by_role("link", name="Consulter les scrutins, les candidatures et voter").click()
    page.get_by_role("heading", name="Saisie du code de vote").wait_for()
    assert page.url.startswith(stack.voting_url)
    assert "angela.dubois@ac-paris.fr" in page.locator("#electeur-courriel").inner_text()
    screenshot(page, "07-espace-de-vote")


def test_voting_space_first_then_portal_sign_in_then_back(page: Page, stack: Stack) -> None:
    page.goto(stack.voting_url)
    page.get_by_role("heading", name="Accès au portail Élections").wait_for()
    assert page.get_by_label("Identifiant").input_value() == ""
    page.get_by_label("Identifiant").fill("lucie.moreau@ac-nice.fr")
    page.get_by_label("CAPTCHA *").fill("424242")
    page.get_by_role("button", name="CONNEXION").click()
    page.get_by_role("textbox", name="Mot de passe Élections *").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="CONNEXION").click()
    page.get_by_role("heading", name="Saisie du code de vote").wait_for()
    assert "lucie.moreau@ac-nice.fr" in page.locator("#electeur-courriel").inner_text()


def test_logout_from_voting_space_ends_both(page: Page, stack: Stack) -> None:
    sign_in(page, stack, "marc.giraud@ac-creteil.fr")
    page.goto(stack.voting_url)
    page.get_by_role("heading", name="Saisie du code de vote").wait_for()
    page.get_by_role("button", name="Se déconnecter").click()
    page.get_by_text("Vous êtes déconnecté(e) de l'espace de vote et du portail Élections").wait_for()
    page.goto(f"{stack.idp_url}/portail/accueil")
    page.get_by_role("heading", name="Accès au portail Élections").wait_for()


def test_logout_from_portal_ends_voting_session(page: Page, stack: Stack) -> None:
    sign_in(page, stack, "angela.dubois@ac-paris.fr")
    page.goto(stack.voting_url)
    page.get_by_role("heading", name="Saisie du code de vote").wait_for()
    page.goto(f"{stack.idp_url}/portail/accueil")
    page.get_by_role("button", name="Se déconnecter").click()
    page.get_by_text("Vous êtes déconnecté(e) du portail Élections").wait_for()
    page.goto(f"{stack.voting_url}/code-de-vote")  # back-channel logout ended this session
    page.get_by_role("heading", name="Accès au portail Élections").wait_for()
