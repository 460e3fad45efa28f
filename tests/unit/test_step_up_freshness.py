"""The réassort's step-up: only a fresh ID token, for the same voter, at the challenge level, opens
the sending of a link (voting_rp.auth.service.fresh_step_up)."""

from __future__ import annotations

import time

import pytest

from shared.oidc.acr import ACR_CHALLENGE, ACR_PASSWORD
from voting_rp.auth.service import STEP_UP_MAX_AGE, Login, fresh_step_up


def login(**claims: object) -> Login:
    base = {"sub": "100002", "acr": ACR_CHALLENGE, "auth_time": int(time.time()) - 10}
    return Login("portail", {**base, **claims}, "jeton", "acces", "reassort")


def test_a_fresh_challenge_login_of_the_same_voter_passes() -> None:
    assert fresh_step_up(login(), expected_sub="100002", acr=ACR_CHALLENGE)


@pytest.mark.parametrize("claims", [
    {"sub": "100001"},  # someone else signed in at the portal meanwhile
    {"acr": ACR_PASSWORD},  # the password alone: the question défi was not asked
    {"acr": None},
    {"auth_time": int(time.time()) - STEP_UP_MAX_AGE - 5},  # an old authentication replayed
    {"auth_time": None},  # absent: no proof of when the voter answered
    {"auth_time": "maintenant"},
])
def test_anything_else_is_refused(claims: dict[str, object]) -> None:
    assert not fresh_step_up(login(**claims), expected_sub="100002", acr=ACR_CHALLENGE)
