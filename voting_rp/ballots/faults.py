"""A test-only switch that stops a vote at a named point, so tests can kill a real process there.

``VOTING_TEST_PAUSE_AT=<point>`` makes the vote print ``PAUSE <point>`` on stderr and sleep at that
point, for the test to SIGKILL the process. It is honoured only with ``ELECTIONS_ENV=test`` and the
service refuses to start with it in any other environment (ANSSI: no test switch in production).
"""

from __future__ import annotations

import sys
import time

from shared.settings import ConfigError, Settings

SWITCH = "VOTING_TEST_PAUSE_AT"
POINTS = ("apres-emargement", "apres-urne", "apres-validation", "apres-marqueur")


def check_fault_switch(settings: Settings) -> None:
    point = settings.extra.get(SWITCH)
    if not point:
        return
    if settings.env != "test":
        raise ConfigError(f"{SWITCH} est un réglage de test : refusé hors ELECTIONS_ENV=test.")
    if point not in POINTS:
        raise ConfigError(f"{SWITCH} doit valoir {', '.join(POINTS)} (reçu {point!r}).")


def pause_point(settings: Settings, point: str) -> None:
    """Stop here (for the test to kill the process) when the test switch names this point."""
    if settings.env == "test" and settings.extra.get(SWITCH) == point:
        print(f"PAUSE {point}", file=sys.stderr, flush=True)
        time.sleep(120)
