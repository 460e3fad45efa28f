"""While the portal checks the question défi, the channel the voter typed waits in the voting
space's session: sealed there (the seed's promise: "n'est pas enregistré en base de données"), and
dropped by whatever the portal answers, a cancellation included."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from bench.stack import Stack
from tests.functional.trace.test_no_secret_leaks import VOTERS, forms_of, sign_in
from tests.support.http_agent import HttpAgent

PERSONAL = "marc.perso.attente@exemple.org"


def session_store(stack: Stack) -> bytes:
    """Every session of the voting space as stored (its key-value table), WAL included."""
    with closing(sqlite3.connect(stack.data_dir / "voting_rp.db")) as db:
        rows = db.execute("SELECT key, value FROM kv_entries WHERE key LIKE 'session:%'").fetchall()
    return b"\n".join(value if isinstance(value, bytes) else str(value).encode() for _key, value in rows)


def test_the_waiting_channel_is_sealed_then_dropped_when_the_voter_cancels(live_stack: Stack) -> None:
    agent = HttpAgent()
    sign_in(agent, live_stack, VOTERS["100003"].email_pro)
    agent.get(f"{live_stack.voting_url}/code-de-vote")  # SSO; a lost code is the réassort's premise
    agent.get(f"{live_stack.voting_url}/reassort/question-defi")
    agent.submit({"canal": "email", "courriel": PERSONAL})
    assert "Question défi" in agent.text() or "identité" in agent.text(), agent.text()[-800:]  # at the portal

    waiting = session_store(live_stack)
    assert b"reassort_channel" in waiting  # the request waits in the session...
    assert not any(form in waiting for form in forms_of(PERSONAL))  # ...but never in clear

    agent.submit({"annuler": "ANNULER"})  # the voter gives up at the portal
    assert b"reassort_channel" not in session_store(live_stack)
    assert not live_stack.messages(PERSONAL)  # and nothing was sent
