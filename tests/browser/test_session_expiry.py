"""The session's time limit in Chromium (WCAG 2.2.1): warned two minutes before, extended with one
click, told when it has ended. The stack runs with a 125 s idle timeout, so the warning comes 5 s
after a page is shown instead of 13 minutes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from bench.stack import Stack, start_stack
from tests.browser.conftest import screenshot
from tests.browser.test_sso import sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser
IDLE = 125


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    running = start_stack(tmp_path_factory.mktemp("stack-expiration"), SESSION_IDLE_SECONDS=str(IDLE))
    yield running
    running.stop()


def test_warned_extended_then_told_it_ended(page: Page, stack: Stack) -> None:
    sign_in(page, stack, "angela.dubois@ac-paris.fr")
    page.get_by_role("heading", name="Bienvenue sur votre portail Élections").wait_for()
    warning = page.get_by_role("alertdialog", name="Votre session va bientôt expirer")
    warning.wait_for()
    stay = warning.get_by_role("button", name="RESTER CONNECTÉ")
    assert stay.evaluate("button => button === document.activeElement")  # the keyboard is there
    assert re.search(r"se fermera dans deux minutes, à \d\dh\d\d \(heure de Paris\)", warning.inner_text())
    screenshot(page, "17-session-bientot-expiree")
    page.keyboard.press("Enter")
    warning.wait_for(state="hidden")
    assert "Votre session a été prolongée jusqu'à" in page.locator("#expiration-annonce").inner_text()

    other_tab = page.context.new_page()  # the voter signs out in another tab
    other_tab.goto(f"{stack.idp_url}/portail/accueil")
    other_tab.get_by_role("button", name="Se déconnecter").click()
    other_tab.get_by_text("Vous êtes déconnecté(e) du portail Élections").wait_for()

    ended = page.get_by_role("alertdialog", name="Votre session a expiré")
    ended.wait_for()  # at the next check, the server says the session is gone
    assert not ended.get_by_role("button", name="RESTER CONNECTÉ").is_visible()
    ended.get_by_role("link", name="SE RECONNECTER").click()
    page.get_by_role("heading", name="Accès au portail Élections").wait_for()
