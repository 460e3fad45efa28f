"""The demo election in the voting space's database (its voters' codes: ``voting_rp.demo``)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from shared.election import demo_documents
from shared.election.demo import demo_files
from shared.election.register import read_register
from shared.timeutil import utcnow
from voting_rp.context import Voting
from voting_rp.election.catalog import catalog
from voting_rp.election.models import VotingList, VotingScrutin, VotingWindow
from voting_rp.election.register import add_register

DEMO_TITLE = "Elections Professionnelles 2022"


def create_demo_election(ctx: Voting, opens_at: datetime | None = None,
                         closes_at: datetime | None = None) -> bool:
    """Create the demo election once, through the operators' import of an electors' file and a
    scrutins file; False when it already exists, keeping its data but giving the lists seeded
    before documents existed their demo document."""
    with ctx.db.session() as s:
        created = s.scalar(select(VotingWindow.id)) is None
        if created:
            start = opens_at or utcnow().replace(minute=0, second=0, microsecond=0)
            add_register(s, read_register(*demo_files()), DEMO_TITLE, start,
                         closes_at or start + timedelta(days=7))
    add_demo_documents(ctx)
    return created


def add_demo_documents(ctx: Voting) -> int:
    """Give every list without a document its fictional profession de foi; return how many."""
    with ctx.db.session() as s:
        added = demo_documents.add_demo_documents(s, VotingList, VotingScrutin)
    catalog(ctx.db).forget()
    return added


def window_from_portal(data_dir: Path) -> tuple[datetime | None, datetime | None]:
    """The demo window the portal was seeded with, so both services show the same dates."""
    path = data_dir / "demo-window.json"
    if not path.exists():
        return None, None
    data = json.loads(path.read_text())
    return datetime.fromisoformat(data["opens_at"]), datetime.fromisoformat(data["closes_at"])
