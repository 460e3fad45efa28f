"""A test-only switch that stops a vote at a named point, so tests can kill a real process there.

``VOTING_TEST_PAUSE_AT=<point>`` makes the vote print ``PAUSE <point>`` on stderr and sleep at that
point, for the test to SIGKILL the process. It is read and checked with the rest of the voting
space's settings (:mod:`voting_rp.config`): the service refuses to start with it outside
``ELECTIONS_ENV=test`` (ANSSI: no test switch in production).
"""

from __future__ import annotations

import sys
import time

from voting_rp.config import VotingConfig


def pause_point(config: VotingConfig, point: str) -> None:
    """Stop here (for the test to kill the process) when the test switch names this point."""
    if config.test_pause_at == point:
        print(f"PAUSE {point}", file=sys.stderr, flush=True)
        time.sleep(120)
