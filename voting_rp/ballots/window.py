"""The voting window of the voting space (the shared ``Window`` read from the vote database)."""

from __future__ import annotations

from datetime import datetime

from shared.election.window import Window
from shared.timeutil import utcnow
from voting_rp.context import Voting
from voting_rp.election import service as election

VoteWindow = Window


def current(ctx: Voting, now: datetime | None = None) -> Window:
    found = election.window(ctx)
    return Window(found.title, found.opens_at, found.closes_at, now or utcnow())
