"""The whole vote in a real browser: code de vote → each scrutin voted (choice encrypted by
ballot.js with WebCrypto) → receipts downloaded → every scrutin shows "Voté le …"."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bench.stack import Stack
from tests.browser.conftest import screenshot
from tests.browser.test_sso import sign_in
from tests.browser.test_voting_code import demo_code, enter_code
from voting_rp.ballots.ceremony import read_share, reconstruct
from voting_rp.ballots.models import ElectionKey
from voting_rp.urne import crypto

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser
LUCIE = "lucie.moreau@ac-nice.fr"
SCRUTINS = {  # code → the choice Lucie makes
    "CSA-MIN": "Union nationale des personnels enseignants (UNPE)",
    "CAPN-2D": "Fédération autonome de l'éducation (FAE)",
    "CSA-PROX-nice": "Vote blanc",
    "CAPA-2D-nice": "Alliance syndicale des métiers de l'éducation (ASME)",
}


CHOSEN = {"CSA-MIN": "liste:1", "CAPN-2D": "liste:2", "CSA-PROX-nice": "blanc", "CAPA-2D-nice": "liste:4"}


def decrypted_urne(data_dir: Path) -> dict[str, str]:
    """What ballot.js encrypted, decrypted in Python with two of the stack's shares (interoperability)."""
    with closing(sqlite3.connect(data_dir / "voting_rp.db")) as vote:
        kid, point, seal, threshold, holders = vote.execute(
            "SELECT kid, public_key, seal_public_key, threshold, holders FROM election_keys").fetchone()
    key = ElectionKey(kid=kid, public_key=point, seal_public_key=seal, threshold=threshold, holders=holders)
    shares = [read_share(path) for path in sorted((data_dir / "ceremonie").glob("part-*.json"))[:2]]
    private = reconstruct(key, shares)
    with closing(sqlite3.connect(data_dir / "urne.db")) as urne:
        rows = urne.execute("SELECT scrutin_code, content FROM urne_ballots").fetchall()
    return {code: str(crypto.decrypt(private, code, content)) for code, content in rows}


def current_step(page: Page) -> str:
    return str(page.locator('#etapes li[aria-current="step"]').inner_text())


FETCH_HEAD = """async (href) => {
  const response = await fetch(href);
  const head = new Uint8Array(await response.arrayBuffer()).slice(0, 5);
  return {status: response.status, type: response.headers.get("content-type"),
          head: String.fromCharCode(...head)};
}"""


def read_a_profession_de_foi(page: Page, union: str) -> None:
    """The list's document link is there; the document is a PDF, and it opens in a new tab in
    Chromium's own viewer (the PDF response's CSP lets it), leaving the ballot page as it was."""
    link = page.get_by_role("link", name=f"Profession de foi de la liste {union}")
    assert link.is_visible() and "nouvelle fenêtre" in link.inner_text()
    fetched = page.evaluate(FETCH_HEAD, link.get_attribute("href"))  # the browser's session and trust
    assert fetched == {"status": 200, "type": "application/pdf", "head": "%PDF-"}, fetched
    with page.context.expect_page() as opened:
        link.click()
    tab = opened.value
    tab.wait_for_load_state()
    assert tab.evaluate("document.contentType") == "application/pdf"
    for _ in range(100):  # the viewer is an extension frame, loaded after the document
        if any(frame.url.startswith("chrome-extension://") for frame in tab.frames):
            break
        tab.wait_for_timeout(100)
    else:
        raise AssertionError(f"visionneuse PDF absente : {[frame.url for frame in tab.frames]}")
    tab.close()


def vote_with_the_mouse(page: Page, code: str, choice: str, shots: bool) -> None:
    page.locator(f"#scrutin-{code} a.bouton").click()
    page.get_by_role("heading", name="Constitution du bulletin").wait_for()
    assert "Constitution bulletin" in current_step(page)
    page.get_by_role("button", name="SUIVANT").click()  # nothing chosen yet: told, not sent
    page.get_by_text("Veuillez choisir une liste de candidats ou le vote blanc.").wait_for()
    page.get_by_label(choice, exact=True).check()
    if shots:  # another list's document, read while the choice is made: the choice stays, unchanged
        other = "Fédération autonome de l'éducation (FAE)"
        read_a_profession_de_foi(page, other)
        assert page.get_by_label(choice, exact=True).is_checked()
        assert not page.get_by_label(other, exact=True).is_checked()
        screenshot(page, "13-constitution-bulletin")
    page.get_by_role("button", name="SUIVANT").click()
    page.get_by_role("heading", name="Vote", exact=True).wait_for()
    assert page.locator("#choix-retenu").inner_text() == choice and "Vote" in current_step(page)
    assert page.evaluate("document.activeElement.id") == "titre-vote"  # focus follows the step
    if shots:
        screenshot(page, "14-vote-verification")
    page.get_by_role("button", name="VOTER").click()


def vote_with_the_keyboard(page: Page, code: str) -> None:
    page.locator(f"#scrutin-{code} a.bouton").focus()
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Constitution du bulletin").wait_for()
    page.get_by_label("Vote blanc", exact=True).focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="SUIVANT").focus()
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Vote", exact=True).wait_for()
    assert page.evaluate("document.activeElement.id") == "titre-vote"
    page.get_by_role("button", name="VOTER").focus()
    page.keyboard.press("Enter")


def download_receipt(page: Page, tmp_path: Path, code: str) -> Path:
    page.get_by_role("heading", name="Accusé de réception").wait_for()
    assert "Accusés de réception" in current_step(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="TÉLÉCHARGER L'ACCUSÉ DE RÉCEPTION (PDF)").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert target.name == f"accuse-de-reception-{code}.pdf"
    return target


def test_code_then_every_scrutin_voted_and_receipts_downloaded(page: Page, stack: Stack,
                                                               tmp_path: Path) -> None:
    sign_in(page, stack, LUCIE)
    page.get_by_role("link", name="Consulter les scrutins, les candidatures et voter").click()
    page.get_by_role("heading", name="Saisie du code de vote").wait_for()
    enter_code(page, demo_code(stack, "100002"))
    page.get_by_role("heading", name="Vos scrutins").wait_for()
    assert page.get_by_text("À voter").count() == 4
    screenshot(page, "12-choix-scrutin")
    receipts = []
    for number, (code, choice) in enumerate(SCRUTINS.items()):
        if code == "CSA-PROX-nice":
            vote_with_the_keyboard(page, code)
        else:
            vote_with_the_mouse(page, code, choice, shots=number == 0)
        receipt = download_receipt(page, tmp_path, code)
        fingerprint = page.locator("#accuse-empreinte").inner_text()
        assert receipt.read_bytes().startswith(b"%PDF") and len(fingerprint) == 71
        if number == 0:
            screenshot(page, "15-accuse-de-reception")
        receipts.append(receipt)
        page.get_by_role("link", name="RETOUR À MES SCRUTINS").click()
        page.get_by_role("heading", name="Vos scrutins").wait_for()
    assert page.get_by_text("Voté le ").count() == 4 and page.get_by_text("À voter").count() == 0
    screenshot(page, "16-scrutins-votes")
    mails = [m for m in stack.messages(LUCIE) if "Accusé de réception" in str(m.get("subject", ""))]
    assert len(mails) == 4 and len(receipts) == 4
    assert decrypted_urne(stack.data_dir) == CHOSEN  # the browser's ciphertexts count as chosen
    page.locator("#scrutin-CSA-MIN a").click()  # a voted scrutin leads to its receipt, not a ballot
    page.get_by_role("heading", name="Accusé de réception").wait_for()
    page.goto(f"{stack.voting_url}/scrutins/CSA-MIN/bulletin")
    page.get_by_role("heading", name="Accusé de réception").wait_for()
