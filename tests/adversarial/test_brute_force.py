"""Brute force: the Élections password (5 per 15 min) and the step-up's question défi + NUMEN / NIR
(5 per hour) are limited per voter, across browsers, without locking anyone else out.
(The code de vote's limit is tested with its entry screen, in
tests/functional/voting_codes/test_code_entry.py.)"""

from __future__ import annotations

import sqlite3
from contextlib import closing

from bench.stack import Stack, _run
from shared.election.generated import LOAD_TEST_ANSWER, LOAD_TEST_NUMEN, LOAD_TEST_PASSWORD
from tests.protocol.test_step_up import REFUSED, TOO_MANY, answer, step_up_page
from tests.support.client import PageClient, text
from tests.support.journeys import PortalActions
from tests.support.oidc import Browser, RelyingParty

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


def test_after_five_wrong_answers_even_the_right_one_is_refused(browser: Browser, rp: RelyingParty,
                                                               live_stack: Stack) -> None:
    # A voter of its own: the lock lasts an hour on the shared stack, other tests step up the demo voters.
    voter = locked_out_voter(live_stack)
    screen = step_up_page(browser, rp, voter, LOAD_TEST_PASSWORD)
    for _attempt in range(5):
        wrong = answer(browser, screen, "peugeot", LOAD_TEST_NUMEN)
        assert wrong.status_code == 401 and REFUSED in wrong.text
    blocked = answer(browser, screen, LOAD_TEST_ANSWER, LOAD_TEST_NUMEN)
    assert blocked.status_code == 429
    assert TOO_MANY in blocked.text
    assert "Location" not in blocked.headers


def locked_out_voter(stack: Stack) -> str:
    """A generated elector (activated, question défi "voiture") added to the running portal."""
    _run(["-m", "idp", "generate-electorate", "--electors", "1"], stack.environ)
    with closing(sqlite3.connect(stack.data_dir / "idp.db")) as db:
        [(email,)] = db.execute("SELECT email_pro FROM voters ORDER BY id DESC LIMIT 1").fetchall()
    return str(email)
