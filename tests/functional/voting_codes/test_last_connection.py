""""Dernière connexion le : …" at the top of the voting space, as the seeds show it (000): the
portal's previous sign-in, the same sentence as on the portal's home page, in Paris time."""

from __future__ import annotations

import re

from bench.stack import Stack
from tests.functional.trace.test_no_secret_leaks import VOTERS, sign_in
from tests.support.http_agent import HttpAgent
from voting_rp.auth.service import last_connection_text

SENTENCE = re.compile(r"Dernière connexion le : \d\d/\d\d/\d{4} à \d\dh\d\d \(heure de Paris\)")


def test_the_seed_moment_is_written_as_the_seed_writes_it() -> None:
    # 30 November 2022, 19:24 UTC: 20h24 in Paris (winter time), the seed's own example.
    assert last_connection_text(1669836240) == "30/11/2022 à 20h24"
    for not_a_moment in (None, "1669836240", True, -1):
        assert last_connection_text(not_a_moment) == ""


def test_the_voting_space_shows_the_portals_previous_sign_in(live_stack: Stack) -> None:
    email = VOTERS["100002"].email_pro
    sign_in(HttpAgent(), live_stack, email)  # a first visit, so the next one has a "previous"
    agent = HttpAgent()
    sign_in(agent, live_stack, email)
    at_portal = SENTENCE.search(agent.text())
    assert at_portal, agent.text()[:800]
    agent.get(f"{live_stack.voting_url}/code-de-vote")  # SSO from the portal
    assert "Saisie du code de vote" in agent.text()
    at_voting_space = SENTENCE.search(agent.text())
    assert at_voting_space and at_voting_space.group() == at_portal.group()
