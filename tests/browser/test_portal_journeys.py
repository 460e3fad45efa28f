"""Seed journeys 000–002 in a real browser: activation by mail, sign-in, reset, home, logout."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from bench.stack import Stack
from shared.election.demo import DEMO_PASSWORD
from tests.browser.conftest import screenshot
from tests.support.journeys import TEST_CAPTCHA

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser
NEW_PASSWORD = "Mon-Nouveau-Mdp-2022"


def identify(page: Page, stack: Stack, email: str, captcha: str = TEST_CAPTCHA) -> None:
    page.goto(f"{stack.idp_url}/portail/connexion")
    page.get_by_label("Identifiant").fill(email)
    page.get_by_label("CAPTCHA *").fill(captcha)
    page.get_by_role("button", name="CONNEXION").click()


def open_mailed_link(page: Page, stack: Stack, email: str, link_part: str) -> None:
    """Read the newest mail in the devbox inbox, as a voter reads their mailbox, and click the link."""
    page.goto(stack.devbox_url)
    page.get_by_role("link", name=email).first.click()
    page.get_by_role("row").nth(1).get_by_role("link").last.click()
    page.get_by_role("link", name=re.compile(re.escape(link_part))).first.click()


def choose_password(page: Page, password: str) -> None:
    page.get_by_label("Mot de passe Élections *", exact=True).fill(password)
    page.get_by_label("Confirmation du mot de passe Élections").fill(password)
    page.get_by_label("CAPTCHA *").fill(TEST_CAPTCHA)
    page.get_by_role("button", name="VALIDER").click()


def test_first_access_activation_by_mail(page: Page, stack: Stack) -> None:
    identify(page, stack, "hugo.leroy@ac-nantes.fr")
    screenshot(page, "02-mail-envoye")
    assert page.get_by_text("Un mail vient de vous être envoyé").is_visible()

    open_mailed_link(page, stack, "hugo.leroy@ac-nantes.fr", "activationportail.htm")
    page.get_by_role("heading", name="Initialisation du mot de passe Élections").wait_for()
    page.get_by_label("Mot de passe Élections *", exact=True).fill("court")
    assert page.locator("#regles li.ok").count() == 1  # only "minuscule" is met
    page.get_by_label("Mot de passe Élections *", exact=True).fill(NEW_PASSWORD)
    page.locator("#regles li.ok").nth(4).wait_for()
    screenshot(page, "03-initialisation-mot-de-passe")
    choose_password(page, NEW_PASSWORD)

    page.get_by_role("heading", name="Choix de la Question défi").wait_for()
    page.get_by_role("combobox", name="Choix de la Question défi").select_option("voiture")
    page.get_by_label("Répondre à la Question défi choisie").fill("Peugeot")
    page.get_by_label("Ressaisir la réponse à la Question défi").fill("Peugeot")
    screenshot(page, "04-question-defi")
    page.get_by_role("button", name="ACTIVER SON COMPTE").click()
    page.get_by_text("Votre compte a bien été activé").wait_for()
    assert page.get_by_role("heading", name="Bienvenue sur votre portail Élections").is_visible()


def test_access_without_activation_asks_again_next_time(page: Page, stack: Stack) -> None:
    email = "ines.fontaine@ac-dijon.fr"
    identify(page, stack, email)
    open_mailed_link(page, stack, email, "activationportail.htm")
    choose_password(page, NEW_PASSWORD)
    page.get_by_role("button", name="ACCÈS SANS ACTIVATION").click()
    page.get_by_role("heading", name="Bienvenue sur votre portail Élections").wait_for()
    page.get_by_role("button", name="Se déconnecter").click()

    mails_before = len(stack.messages(email))
    identify(page, stack, email)
    page.get_by_text("Un mail vient de vous être envoyé").wait_for()
    assert len(stack.messages(email)) == mails_before + 1


def test_sign_in_with_errors_home_complaint_and_logout(page: Page, stack: Stack) -> None:
    email = "lucie.moreau@ac-nice.fr"
    page.goto(f"{stack.idp_url}/portail/connexion")
    screenshot(page, "01-acces-portail")
    audio_path = page.get_by_role("link", name="Écouter le code").get_attribute("href")
    status, head = page.evaluate(
        "async url => { const r = await fetch(url);"
        " return [r.status, new TextDecoder().decode((await r.arrayBuffer()).slice(0, 4))]; }",
        audio_path)
    assert (status, head) == (200, "RIFF")  # a WAV the voter can listen to (RGAA 1.5)
    image = page.locator("img.captcha-image")
    first_src = image.get_attribute("src")
    page.get_by_role("button", name="Générer un autre code").click()
    page.wait_for_function("src => document.querySelector('img.captcha-image').getAttribute('src') !== src",
                           arg=first_src)
    identify(page, stack, email, captcha="000000")
    page.get_by_text("La saisie du CAPTCHA est incorrecte").first.wait_for()
    screenshot(page, "01b-captcha-incorrect")

    identify(page, stack, email)
    page.get_by_text("Vous avez déjà activé votre compte").wait_for()
    page.get_by_role("textbox", name="Mot de passe Élections *").fill("Pas-le-bon-1!")
    page.get_by_role("button", name="CONNEXION").click()
    page.get_by_text("Le mot de passe Élections saisi est incorrect").wait_for()
    screenshot(page, "05-mot-de-passe")
    page.get_by_role("textbox", name="Mot de passe Élections *").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="CONNEXION").click()

    page.get_by_role("heading", name="Bienvenue sur votre portail Élections").wait_for()
    assert page.get_by_text("Fermeture du vote dans").is_visible()
    assert page.get_by_text(stack.window_words()).is_visible()
    assert page.get_by_text("Mme MOREAU Lucie").is_visible()
    screenshot(page, "06-accueil-portail")

    page.get_by_role("link", name="Formuler une réclamation").click()
    page.get_by_label("Objet de la réclamation").fill("Liste électorale")
    page.get_by_label("Votre réclamation").fill("Mon nom est mal orthographié sur la liste.")
    page.get_by_role("button", name="ENVOYER").click()
    page.get_by_text("Votre réclamation a bien été enregistrée sous la référence").wait_for()
    assert any("réclamation" in str(m["subject"]) for m in stack.messages(email))

    page.get_by_role("button", name="Se déconnecter").click()
    page.get_by_text("Vous êtes déconnecté(e) du portail Élections").wait_for()
    page.goto(f"{stack.idp_url}/portail/accueil")
    assert page.get_by_role("heading", name="Accès au portail Élections").is_visible()


def test_password_reset_by_mail(page: Page, stack: Stack) -> None:
    email = "marc.giraud@ac-creteil.fr"
    identify(page, stack, email)
    page.get_by_role("button", name="Besoin du réassort de votre mot de passe Élections ?").click()
    page.get_by_text("Un mail vient de vous être envoyé").wait_for()
    open_mailed_link(page, stack, email, "reinitialisationmotdepasse.htm")
    page.get_by_role("heading", name="Réassort du mot de passe Élections").wait_for()
    choose_password(page, NEW_PASSWORD)
    page.get_by_text("Votre nouveau mot de passe Élections est enregistré").wait_for()

    identify(page, stack, email)
    page.get_by_role("textbox", name="Mot de passe Élections *").fill(NEW_PASSWORD)
    page.get_by_role("button", name="CONNEXION").click()
    page.get_by_role("heading", name="Bienvenue sur votre portail Élections").wait_for()
