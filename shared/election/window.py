"""The voting window as voters read it, on the portal and in the voting space alike: the seed's
"Ouvert du … au … (Heure de Paris)", the countdown to opening or closing, and the refusals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from shared.timeutil import countdown, window_words


@dataclass(frozen=True)
class Window:
    title: str
    opens_at: datetime  # UTC, naive
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
    def target(self) -> datetime:
        """What the countdown counts to: the opening before it, the closing after."""
        return self.opens_at if self.phase == "avant" else self.closes_at

    @property
    def remaining(self) -> tuple[int, int, int]:
        return countdown(self.target, self.now)

    @property
    def words(self) -> str:
        return window_words(self.opens_at, self.closes_at)
