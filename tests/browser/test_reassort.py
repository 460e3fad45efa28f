"""Réassort of the code de vote by question défi (seeds 001, 003, 004), in a real browser."""

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


def test_reassort_by_challenge_then_new_code_works_and_old_fails(page: Page, stack: Stack) -> None:
    old_code = demo_code(stack, "100001")
    sign_in(page, stack, "angela.dubois@ac-paris.fr")
    page.goto(f"{stack.voting_url}/code-de-vote")
    page.get_by_role("link", name="Cliquez ici pour obtenir un réassort de votre code de vote").click()
    page.get_by_role("heading", name="Choix du réassort de votre code de vote").wait_for()
    page.get_by_role("link", name="cliquez ici").click()

    # The seeds' single screen, at the portal: question défi, answer, NUMEN / n°SS, then the channel.
    page.get_by_role("heading", name="Demande de réassort du code de vote").wait_for()
    assert page.url.startswith(stack.idp_url)  # the answer and the NUMEN are typed at the portal
    page.get_by_text("Quelle était la marque de votre première voiture ?").wait_for()
    telephone = page.get_by_label("Numéro de téléphone portable")
    courriel = page.get_by_label("Adresse mail personnelle")
    assert telephone.is_hidden() and courriel.is_hidden()  # a field appears once its channel is chosen
    page.get_by_label("Envoi du lien d'activation par SMS").check()
    assert telephone.is_visible() and courriel.is_hidden()
    page.get_by_label("Envoi du lien d'activation par E-MAIL").check()
    assert courriel.is_visible() and telephone.is_hidden()
    assert page.locator("#champ-courriel abbr[title=obligatoire]").is_visible()  # marked *

    page.get_by_label("Saisissez votre réponse secrète").fill("Peugeot")
    page.get_by_label("Saisissez votre NUMEN ou n°SS").fill("62E1234567ABC")
    courriel.fill("angela.dubois@ac-paris.fr")
    page.get_by_role("button", name="ENVOYER").click()
    page.locator("#courriel-erreur").get_by_text("différente de votre adresse professionnelle").wait_for()
    page.get_by_label("Saisissez votre réponse secrète").fill("Peugeot")
    page.get_by_label("Saisissez votre NUMEN ou n°SS").fill("62E1234567ABC")
    courriel.fill("angela.perso@exemple.fr")
    page.get_by_role("button", name="ENVOYER").click()
    page.get_by_role("alert").get_by_text("est incorrect").wait_for()
    assert courriel.input_value() == "angela.perso@exemple.fr"  # the channel is kept, the secrets not
    page.get_by_label("Saisissez votre réponse secrète").fill("  citroen ")  # case and accents ignored
    page.get_by_label("Saisissez votre NUMEN ou n°SS").fill("62E1234567ABC")
    screenshot(page, "09-demande-reassort")
    page.get_by_role("button", name="ENVOYER").click()
    page.get_by_text("Un lien vous a été envoyé par e-mail").wait_for()

    info = stack.messages("angela.dubois@ac-paris.fr")[0]
    assert info["subject"] == "Demande de réassort de votre code de vote"
    assert "Vous avez demandé le réassort de votre code de vote" in str(info["body"])
    assert "angela.perso@exemple.fr" not in str(info["body"])  # masked

    page.clock.install()
    open_mailed_link(page, stack, "angela.perso@exemple.fr", "code-vote?token")
    page.get_by_role("button", name="REGENERER MON CODE DE VOTE").click()
    shown = page.locator("#code-de-vote code").inner_text()
    new_code = re.sub(r"\s", "", shown)
    assert len(new_code) == 16
    screenshot(page, "11-nouveau-code")
    page.get_by_role("button", name="Prolonger l'affichage de 120 secondes").click()
    page.clock.run_for(200_000)
    assert page.locator("#code-de-vote").count() == 1  # extended: 240 s in all
    page.clock.run_for(50_000)
    page.get_by_text("Le code n'est plus affiché").wait_for()
    assert page.locator("#code-de-vote").count() == 0
    page.go_back()
    assert new_code not in page.content()

    page.goto(f"{stack.voting_url}/code-de-vote")
    enter_code(page, old_code)
    page.get_by_text("Le code de vote saisi est incorrect").wait_for()
    enter_code(page, new_code)
    page.get_by_role("heading", name="Vos scrutins").wait_for()
