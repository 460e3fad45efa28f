"""The voting window as the voter reads it: the seed's "Ouvert du … au …" wording and a countdown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from shared.timeutil import countdown, utcnow, window_words
from voting_rp.context import Voting
from voting_rp.election import service as election


@dataclass(frozen=True)
class VoteWindow:
    title: str
    opens_at: datetime
    closes_at: datetime
    now: datetime

    @property
    def phase(self) -> str:
        if self.now < self.opens_at:
            return "avant"
        return "ouvert" if self.now < self.closes_at else "clos"

    @property
    def is_open(self) -> bool:
        return self.phase == "ouvert"

    @property
    def heading(self) -> str:
        return {"avant": "Ouverture du vote dans", "ouvert": "Fermeture du vote dans",
                "clos": "Le vote est clos"}[self.phase]

    @property
    def refusal(self) -> str:
        return {"avant": "Le vote n'est pas encore ouvert.", "ouvert": "",
                "clos": "Le vote est clos : aucun bulletin ne peut plus être déposé."}[self.phase]

    @property
    def remaining(self) -> tuple[int, int, int]:
        return countdown(self.opens_at if self.phase == "avant" else self.closes_at, self.now)

    @property
    def words(self) -> str:
        return window_words(self.opens_at, self.closes_at)


def current(ctx: Voting, now: datetime | None = None) -> VoteWindow:
    found = election.window(ctx)
    return VoteWindow(found.title, found.opens_at, found.closes_at, now or utcnow())
