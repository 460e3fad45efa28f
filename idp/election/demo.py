"""The demo election in the portal's database (data in shared/election/demo.py)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime, timedelta

from sqlalchemy import select

from idp.accounts.models import Voter
from idp.context import Idp
from idp.election.models import Academie, CandidateList, Election, Scrutin
from shared.election import demo_documents
from shared.election.demo import ACADEMIES, DEMO_VOTERS, DemoVoter, scrutin_specs
from shared.hashing import normalise_answer
from shared.timeutil import utcnow


def scrutin_rows() -> list[Scrutin]:
    return [Scrutin(code=spec.code, kind=spec.kind, title=spec.title, academie_code=spec.academie,
                    corps=spec.corps,
                    lists=[CandidateList(position=position, union_name=union, candidates="\n".join(names))
                           for position, union, names in spec.lists])
            for spec in scrutin_specs()]


def seed_demo(ctx: Idp, opens_at: datetime | None = None,
              closes_at: datetime | None = None) -> bool:
    """Create the demo election once; return False when it already exists, keeping its data but
    giving the lists seeded before documents existed their demo document."""
    with ctx.db.session() as s:
        created = s.scalar(select(Election.id)) is None
        if created:
            start = opens_at or utcnow().replace(minute=0, second=0, microsecond=0)
            s.add(Election(title="Elections Professionnelles 2022", opens_at=start,
                           closes_at=closes_at or start + timedelta(days=7)))
            s.add_all(Academie(code=c, name=n, mail_domain=f"ac-{c}.fr") for c, n in ACADEMIES.items())
            s.flush()
            s.add_all(scrutin_rows())
            s.add_all(_voter_row(ctx, v) for v in DEMO_VOTERS)
    add_demo_documents(ctx)
    return created


def add_demo_documents(ctx: Idp) -> int:
    """Give every list without a document its fictional profession de foi; return how many."""
    with ctx.db.session() as s:
        return demo_documents.add_demo_documents(s, CandidateList, Scrutin)


def _voter_row(ctx: Idp, demo: DemoVoter) -> Voter:
    hasher = ctx.hasher
    return Voter(
        electeur_id=demo.electeur_id, email_pro=demo.email_pro, civility=demo.civility,
        family_name=demo.family_name, given_names=demo.given_names,
        birth_date=date.fromisoformat(demo.birth_date), birth_place=demo.birth_place,
        birth_country=demo.birth_country, academie_code=demo.academie, corps=demo.corps,
        numen_hash=hasher.hash(demo.numen), nir_hash=hasher.hash(demo.nir10),
        password_hash=hasher.hash(demo.password) if demo.password else None,
        challenge_question=demo.question,
        challenge_answer_hash=hasher.hash(normalise_answer(demo.answer)) if demo.answer else None,
        activated_at=utcnow() if demo.activated else None,
    )


def demo_voters_json() -> list[dict[str, object]]:
    return [asdict(v) for v in DEMO_VOTERS]
