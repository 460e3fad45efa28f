"""A real process killed (SIGKILL) between the steps of a vote: after recovery, both or neither."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from bench.servers import inherited_environ
from shared.settings import ConfigError
from tests.functional.ballots.test_vote import encrypted
from tests.support import settings as support_settings
from tests.support.ballots import CLIENT_SECRET, voting_settings
from voting_rp import create_app
from voting_rp.ballots import service
from voting_rp.ballots.models import DONE, PENDING, BallotIntent, Emargement
from voting_rp.context import Voting
from voting_rp.election import service as election
from voting_rp.urne import crypto
from voting_rp.urne.models import Ballot

ROOT = Path(__file__).resolve().parents[3]
LUCIE = "100002"


State = tuple[list[str], list[str | None], int]


def state(ctx: Voting) -> State:
    """Émargement states, urne markers, intents left."""
    with ctx.db.session() as s, ctx.urne.database.session() as u:
        return (list(s.scalars(select(Emargement.state))), list(u.scalars(select(Ballot.pending))),
                len(s.scalars(select(BallotIntent.token)).all()))


def vote_killed_at(data_dir: Path, point: str, ballot: str) -> None:
    """Start a real vote in a child process, wait until it stops at ``point``, then SIGKILL it."""
    environ = {**inherited_environ(),
               **support_settings.test_environ(data_dir), "VOTING_OIDC_CLIENT_SECRET": CLIENT_SECRET,
               "VOTING_TEST_PAUSE_AT": point, "SMTP_URL": "smtp://127.0.0.1:9", "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-m", "tests.support.vote_process", LUCIE, "CSA-MIN", ballot],
                             cwd=ROOT, env=environ, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stderr is not None
        for line in child.stderr:
            if line.strip() == f"PAUSE {point}":
                break
        else:
            pytest.fail(f"le processus n'a pas atteint {point} : {child.wait()}")
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=10) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
        child.communicate(timeout=10)


@pytest.mark.parametrize(("point", "left_behind", "outcome"), [
    ("apres-emargement", ([PENDING], [], 1), "neither"),
    ("apres-urne", ([PENDING], ["marked"], 1), "neither"),
    ("apres-validation", ([DONE], ["marked"], 1), "both"),
    ("apres-marqueur", ([DONE], [None], 1), "both"),
])
def test_killed_vote_is_recovered_to_both_or_neither(data_dir: Path, voting_app: Flask, ctx: Voting,
                                                     point: str, left_behind: State, outcome: str) -> None:
    ballot = encrypted(ctx, "CSA-MIN")
    vote_killed_at(data_dir, point, ballot)
    signed, markers, intents = state(ctx)
    assert (signed, ["marked" if m else None for m in markers], intents) == left_behind

    report = service.recover(ctx, timedelta(0))
    signed, markers, intents = state(ctx)
    assert intents == 0
    if outcome == "both":
        assert signed == [DONE] and markers == [None] and report.finished == 1
    else:
        assert signed == [] and markers == [] and report.aborted == 1
        lucie = election.elector(ctx, LUCIE)
        assert lucie is not None  # nothing was recorded: she can vote again, once
        receipt = service.cast(ctx, lucie, service.scrutin_for(ctx, lucie, "CSA-MIN"), ballot)
        assert receipt.fingerprint == crypto.fingerprint(ballot)
        assert state(ctx) == ([DONE], [None], 0)


def test_a_young_interrupted_vote_is_left_to_its_request_then_undone_for_the_voter(
        data_dir: Path, voting_app: Flask, ctx: Voting) -> None:
    vote_killed_at(data_dir, "apres-urne", encrypted(ctx, "CSA-MIN"))
    assert service.recover(ctx).in_flight == 1  # within the grace period: maybe a live request
    lucie = election.elector(ctx, LUCIE)
    assert lucie is not None
    scrutin = service.scrutin_for(ctx, lucie, "CSA-MIN")
    with pytest.raises(service.AlreadyVoted, match="en cours d'enregistrement"):
        service.cast(ctx, lucie, scrutin, encrypted(ctx, "CSA-MIN"))
    with ctx.db.session() as s:  # the grace period passes
        intent = s.scalars(select(BallotIntent)).one()
        intent.created_at -= ctx.config.pending_grace + timedelta(seconds=1)
    service.cast(ctx, lucie, scrutin, encrypted(ctx, "CSA-MIN"))
    assert state(ctx) == ([DONE], [None], 0)


def test_recovery_deletes_an_urne_remnant_whose_abort_was_interrupted(ctx: Voting) -> None:
    with ctx.urne.database.session() as u:
        ballot = encrypted(ctx, "CSA-MIN")
        u.add(Ballot(id="ab" * 16, scrutin_code="CSA-MIN", content=ballot,
                     fingerprint=crypto.fingerprint(ballot), pending="jeton-inconnu"))
    assert service.recover(ctx, timedelta(0)).orphans == 1
    assert state(ctx) == ([], [], 0)


def test_the_pause_switch_is_refused_outside_tests(tmp_path: Path) -> None:
    settings = voting_settings(tmp_path, ELECTIONS_ENV="development", CAPTCHA_TEST_ANSWER="",
                               VOTING_TEST_PAUSE_AT="apres-urne")
    with pytest.raises(ConfigError, match="VOTING_TEST_PAUSE_AT"):
        create_app(settings)
