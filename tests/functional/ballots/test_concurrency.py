"""One ballot per voter per scrutin under concurrency: double clicks, tabs racing, many voters at once."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from tests.functional.ballots.conftest import csrf_of, post_ballot
from tests.functional.ballots.test_vote import encrypted
from tests.support.ballots import signed_in
from voting_rp.ballots.models import DONE, BallotIntent, Emargement
from voting_rp.context import Voting
from voting_rp.urne.models import Ballot

COOKIE = "__Host-vote-session"
ATTEMPTS = 16


def test_parallel_attempts_by_one_voter_record_exactly_one_ballot(voting_app: Flask, ctx: Voting) -> None:
    tab = signed_in(voting_app)
    token = csrf_of(tab, "/scrutins/CSA-MIN/bulletin")
    cookie = tab.get_cookie(COOKIE, domain="localhost")
    assert cookie is not None
    ballots = [encrypted(ctx, "CSA-MIN", f"liste:{1 + n % 4}") for n in range(ATTEMPTS)]
    start = threading.Barrier(ATTEMPTS)

    def attempt(ballot: str) -> int:
        client = voting_app.test_client()  # another tab of the same browser: same session
        client.set_cookie(COOKIE, cookie.value, domain="localhost")
        start.wait()
        return post_ballot(client, "CSA-MIN", ballot, token).status_code

    with ThreadPoolExecutor(ATTEMPTS) as pool:
        statuses = list(pool.map(attempt, ballots))
    assert statuses.count(303) == 1, statuses
    assert set(statuses) == {303, 409}, statuses
    with ctx.db.session() as s, ctx.urne.database.session() as u:
        assert s.scalar(select(func.count()).select_from(Emargement)) == 1
        assert s.scalar(select(Emargement.state)) == DONE
        assert s.scalar(select(func.count()).select_from(BallotIntent)) == 0
        stored = u.scalars(select(Ballot)).all()
    assert len(stored) == 1 and stored[0].content in ballots and stored[0].pending is None


def test_many_voters_voting_at_once_lose_no_ballot(voting_app: Flask, ctx: Voting) -> None:
    voters = {"100001": "CSA-PROX-paris", "100002": "CSA-PROX-nice", "100003": "CSA-PROX-creteil",
              "100004": "CSA-PROX-nantes", "100005": "CSA-PROX-dijon", "100006": "CAPA-1D-nice"}
    jobs = [(electeur, code) for electeur, own in voters.items() for code in ("CSA-MIN", own)]
    prepared = []
    for electeur, code in jobs:
        client = signed_in(voting_app, electeur)
        prepared.append((client, code, csrf_of(client, f"/scrutins/{code}/bulletin"), encrypted(ctx, code)))
    start = threading.Barrier(len(prepared))

    def attempt(job: tuple[FlaskClient, str, str, str]) -> int:
        client, code, token, ballot = job
        start.wait()
        return post_ballot(client, code, ballot, token).status_code

    with ThreadPoolExecutor(len(prepared)) as pool:
        assert list(pool.map(attempt, prepared)) == [303] * len(prepared)
    with ctx.db.session() as s, ctx.urne.database.session() as u:
        assert s.scalar(select(func.count()).select_from(Emargement).where(Emargement.state == DONE)) == 12
        assert u.scalar(select(func.count()).select_from(Ballot).where(Ballot.pending.is_(None))) == 12
