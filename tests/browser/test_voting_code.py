"""Saisie du code de vote in a real browser: wrong code refused, right code opens the scrutins."""

from __future__ import annotations

import json

import pytest

from tests.browser.conftest import screenshot
from tests.browser.test_sso import sign_in

pytestmark = pytest.mark.browser


def demo_code(stack, electeur_id: str) -> str:  # type: ignore[no-untyped-def]
    return str(json.loads((stack.data_dir / "demo-codes.json").read_text())[electeur_id])


def enter_code(page, code: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("textbox", name="Code de vote *").fill(code)
    page.get_by_label("CAPTCHA *").fill("424242")
    page.get_by_role("button", name="CONNEXION").click()


def test_code_de_vote_opens_the_scrutins(page, stack):  # type: ignore[no-untyped-def]
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
