"""Brute force: the Élections password (5 per 15 min) and the step-up's question défi + NUMEN / NIR
(5 per hour) are limited per voter, across browsers, without locking anyone else out.
(The code de vote's limit is tested with its entry screen, in
tests/functional/voting_codes/test_code_entry.py.)"""

from __future__ import annotations

from tests.protocol.test_step_up import REFUSED, TOO_MANY, answer, step_up_page
from tests.support.client import PageClient, text
from tests.support.journeys import PortalActions
from tests.support.oidc import MARC, Browser, RelyingParty

LUCIE = "lucie.moreau@ac-nice.fr"
PASSWORD = "Electeur-Demo-2022!"
WRONG = "Electeur-Demo-2021!"
HOME = "/portail/accueil"


def test_after_five_wrong_passwords_even_the_right_one_is_refused(actions, portal):
    actions.identifier(LUCIE)
    for _ in range(5):
        assert actions.password(WRONG).status_code == 401
    response = actions.password(WRONG)
    assert response.status_code == 429
    assert "Trop de tentatives" in text(response)
    response = actions.password(PASSWORD)
    assert response.status_code == 429
    assert "Trop de tentatives" in text(response)
    assert portal.get(HOME).status_code == 303


def test_the_limit_holds_across_browsers(actions, idp_app, mailbox):
    actions.identifier(LUCIE)
    for _ in range(5):
        actions.password(WRONG)
    other = PortalActions(PageClient(idp_app), mailbox)
    assert other.sign_in(LUCIE, PASSWORD).status_code == 429


def test_the_limit_of_one_voter_does_not_lock_out_another(actions, idp_app, mailbox):
    actions.identifier(LUCIE)
    for _ in range(5):
        actions.password(WRONG)
    other = PortalActions(PageClient(idp_app), mailbox)
    assert other.sign_in("angela.dubois@ac-paris.fr", PASSWORD).status_code == 303


def test_after_five_wrong_answers_even_the_right_one_is_refused(browser: Browser, rp: RelyingParty) -> None:
    screen = step_up_page(browser, rp, MARC)
    for _attempt in range(5):
        wrong = answer(browser, screen, "Victor Hugo", "79E1112223CRE")
        assert wrong.status_code == 401 and REFUSED in wrong.text
    blocked = answer(browser, screen, "Jules Ferry", "79E1112223CRE")
    assert blocked.status_code == 429
    assert TOO_MANY in blocked.text
    assert "Location" not in blocked.headers
