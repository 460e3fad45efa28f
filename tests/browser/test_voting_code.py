"""Saisie du code de vote in a real browser: wrong code refused, right code opens the scrutins."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from bench.stack import Stack
from tests.browser.conftest import screenshot
from tests.browser.test_sso import sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def demo_code(stack: Stack, electeur_id: str) -> str:
    return str(json.loads((stack.data_dir / "demo-codes.json").read_text())[electeur_id])


def enter_code(page: Page, code: str) -> None:
    page.get_by_role("textbox", name="Code de vote *").fill(code)
    page.get_by_label("CAPTCHA *").fill("424242")
    page.get_by_role("button", name="CONNEXION").click()


def test_code_de_vote_opens_the_scrutins(page: Page, stack: Stack) -> None:
    sign_in(page, stack, "lucie.moreau@ac-nice.fr")
    page.get_by_role("link", name="Consulter les scrutins, les candidatures et voter").click()
    page.get_by_role("heading", name="Saisie du code de vote").wait_for()
    screenshot(page, "08-saisie-code-de-vote")
    enter_code(page, "AAAA BBBB CCCC DDDD")
    page.get_by_text("Le code de vote saisi est incorrect").wait_for()
    code = demo_code(stack, "100002")
    enter_code(page, " ".join(code[i:i + 4] for i in range(0, 16, 4)))  # typed as grouped
    page.get_by_role("heading", name="Vos scrutins").wait_for()
    assert page.get_by_text("CSA de proximité de Nice").is_visible()
    assert page.get_by_text("CSA de proximité de Dijon").count() == 0


def shown_minutes(page: Page) -> int:
    """The Je Vote countdown as the voter reads it (cells) and hears it (hidden text), in minutes."""
    box = page.locator(".compte-a-rebours")
    d, h, m = (int(box.locator(f'td[data-unite="{unit}"]').inner_text())
               for unit in ("jours", "heures", "minutes"))
    assert box.locator(".compte-texte").inner_text() == f"{d} jour(s), {h} heure(s) et {m} minute(s)"
    return d * 1440 + h * 60 + m


def test_the_countdown_moves_on_the_portal_and_in_the_voting_space(page: Page, stack: Stack) -> None:
    page.clock.install()  # the browser's own clock, which the test moves forward
    sign_in(page, stack, "marc.giraud@ac-creteil.fr")
    page.get_by_role("heading", name="Bienvenue sur votre portail Élections").wait_for()
    before = shown_minutes(page)
    page.clock.fast_forward("07:00")  # seven minutes on the portal home, the page left open
    assert before - shown_minutes(page) in (7, 8)  # 8 when a minute turned between render and load
    page.get_by_role("link", name="Consulter les scrutins, les candidatures et voter").click()
    page.get_by_role("heading", name="Saisie du code de vote").wait_for()
    enter_code(page, demo_code(stack, "100003"))
    page.get_by_role("heading", name="Vos scrutins").wait_for()
    before = shown_minutes(page)
    page.clock.fast_forward("01:05:00")  # an hour and five minutes on the scrutins page
    assert before - shown_minutes(page) in (65, 66)
