"""Réassort of the code de vote through FranceConnect (seed 003), in a real browser: the mock's
chooser and demo identity provider, the identity matched with the electors' file, the link
mailed to FranceConnect's e-mail, then logout from FranceConnect."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from bench.stack import Stack
from tests.browser.conftest import screenshot
from tests.browser.test_portal_journeys import open_mailed_link
from tests.browser.test_sso import sign_in
from tests.browser.test_voting_code import demo_code, enter_code

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def franceconnect_login(page: Page, login: str) -> None:
    page.get_by_role("heading", name="Je choisis un compte pour me connecter sur :").wait_for()
    page.get_by_role("button", name="Démonstration", exact=True).click()
    page.get_by_label("Identifiant").fill(login)
    page.get_by_label("Mot de passe").fill("123")
    page.get_by_role("button", name="Valider").click()
    page.get_by_label(re.compile("J'accepte que FranceConnect transmette")).check()
    page.get_by_role("button", name=re.compile("Continuer sur")).click()


def start_reassort_by_franceconnect(page: Page, stack: Stack, email: str) -> None:
    sign_in(page, stack, email)
    page.goto(stack.voting_url)
    page.get_by_role("heading", name="Saisie du code de vote").wait_for()
    page.get_by_role("link", name="Cliquez ici pour obtenir un réassort de votre code de vote").click()
    page.get_by_role("button", name="S'identifier avec FranceConnect").click()


def test_reassort_by_franceconnect(page: Page, stack: Stack) -> None:
    old_code = demo_code(stack, "100001")
    start_reassort_by_franceconnect(page, stack, "angela.dubois@ac-paris.fr")
    screenshot(page, "12-franceconnect-choix")
    franceconnect_login(page, "test")
    page.get_by_text("Un lien vous a été envoyé par e-mail").wait_for()
    info = stack.messages("angela.dubois@ac-paris.fr")[0]
    assert "FranceConnect" in str(info["body"])

    fc_email = next(str(m["to"]) for m in stack.messages("") if "code-vote?token" in str(m["body"]))
    page.clock.install()
    open_mailed_link(page, stack, fc_email, "code-vote?token")
    page.get_by_role("button", name="REGENERER MON CODE DE VOTE").click()
    new_code = re.sub(r"\s", "", page.locator("#code-de-vote code").inner_text())
    page.clock.run_for(121_000)  # shown 120 s, then removed from the page, as by question défi
    page.get_by_text("Le code n'est plus affiché").wait_for()
    assert page.locator("#code-de-vote").count() == 0 and new_code not in page.content()
    page.goto(f"{stack.voting_url}/code-de-vote")
    enter_code(page, old_code)
    page.get_by_text("Le code de vote saisi est incorrect").wait_for()  # the old code stopped at once
    enter_code(page, new_code)
    page.get_by_role("heading", name="Vos scrutins").wait_for()


def test_someone_else_on_franceconnect_gets_nothing(page: Page, stack: Stack) -> None:
    mails_before = len(stack.messages("lucie.moreau@ac-nice.fr"))
    start_reassort_by_franceconnect(page, stack, "lucie.moreau@ac-nice.fr")
    franceconnect_login(page, "test")  # Angela's identity, not Lucie's
    page.get_by_text("ne correspond pas à celle de l'électeur connecté").wait_for()
    assert len(stack.messages("lucie.moreau@ac-nice.fr")) == mails_before


def test_cancelling_at_franceconnect_sends_nothing(page: Page, stack: Stack) -> None:
    mails_before = len(stack.messages("marc.giraud@ac-creteil.fr"))
    start_reassort_by_franceconnect(page, stack, "marc.giraud@ac-creteil.fr")
    page.get_by_role("heading", name="Je choisis un compte pour me connecter sur :").wait_for()
    page.get_by_role("button", name="Démonstration", exact=True).click()
    page.get_by_role("link", name=re.compile("Annuler et revenir sur")).click()
    page.get_by_text("n'a pas abouti ou a été annulée").wait_for()
    assert len(stack.messages("marc.giraud@ac-creteil.fr")) == mails_before
