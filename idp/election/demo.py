"""The demo election in the portal's database (data in shared/election/demo.py)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timedelta

from sqlalchemy import select

from idp.accounts.models import Voter
from idp.context import Idp
from idp.election.models import CandidateList, Election, Scrutin
from idp.election.register import add_register
from shared.election import demo_documents
from shared.election.demo import DEMO_VOTERS, DemoVoter, demo_files
from shared.election.register import read_register
from shared.hashing import normalise_answer
from shared.timeutil import utcnow

DEMO_TITLE = "Elections Professionnelles 2022"


def seed_demo(ctx: Idp, opens_at: datetime | None = None,
              closes_at: datetime | None = None) -> bool:
    """Create the demo election once, through the operators' import of an electors' file and a
    scrutins file (then the demo voters' passwords and questions); return False when it already
    exists, keeping its data but giving the lists seeded before documents existed their document."""
    with ctx.db.session() as s:
        created = s.scalar(select(Election.id)) is None
        if created:
            start = opens_at or utcnow().replace(minute=0, second=0, microsecond=0)
            voters = add_register(s, ctx.hasher, read_register(*demo_files()), DEMO_TITLE, start,
                                  closes_at or start + timedelta(days=7))
            for demo in DEMO_VOTERS:
                _demo_secrets(ctx, voters[demo.electeur_id], demo)
    add_demo_documents(ctx)
    return created


def add_demo_documents(ctx: Idp) -> int:
    """Give every list without a document its fictional profession de foi; return how many."""
    with ctx.db.session() as s:
        return demo_documents.add_demo_documents(s, CandidateList, Scrutin)


def _demo_secrets(ctx: Idp, voter: Voter, demo: DemoVoter) -> None:
    """What no electors' file holds: the demo voters' password, question défi and activation."""
    hasher = ctx.hasher
    voter.password_hash = hasher.hash(demo.password) if demo.password else None
    voter.challenge_question = demo.question
    voter.challenge_answer_hash = hasher.hash(normalise_answer(demo.answer)) if demo.answer else None
    voter.activated_at = utcnow() if demo.activated else None


def demo_voters_json() -> list[dict[str, object]]:
    return [asdict(v) for v in DEMO_VOTERS]
