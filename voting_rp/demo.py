"""The demo election and its voters' codes de vote: two features, composed here above both."""

from __future__ import annotations

from datetime import datetime

from shared.election.demo import DEMO_VOTERS
from voting_rp.context import Voting
from voting_rp.election.demo import create_demo_election
from voting_rp.voting_codes.service import issue_codes


def seed_demo(ctx: Voting, opens_at: datetime | None = None,
              closes_at: datetime | None = None) -> dict[str, str]:
    """Create the demo election once and issue the demo voters' codes; {} when it already exists."""
    if not create_demo_election(ctx, opens_at, closes_at):
        return {}
    return issue_codes(ctx, [voter.electeur_id for voter in DEMO_VOTERS])
