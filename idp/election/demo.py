"""The demo election "Elections Professionnelles 2022" with fictional voters (no real person)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from idp.accounts.models import Voter
from idp.context import Idp
from idp.election.models import Academie, CandidateList, Election, Scrutin
from shared.hashing import normalise_answer
from shared.timeutil import utcnow

ACADEMIES = {"nice": "Nice", "dijon": "Dijon", "nantes": "Nantes", "paris": "Paris",
             "creteil": "Créteil"}
CORPS = {
    "2D": ("ens. du 2d degré, prof. de l'ensam, cpe, psy.",
           "ens. du 2nd degré, prof. de l'ensam, cpe, psyen"),
    "1D": ("professeurs des écoles", "professeurs des écoles"),
}
UNIONS = [
    "Union nationale des personnels enseignants (UNPE)",
    "Fédération autonome de l'éducation (FAE)",
    "Syndicat des personnels de l'éducation et de la recherche (SPER)",
    "Alliance syndicale des métiers de l'éducation (ASME)",
]
CANDIDATE_NAMES = ["Mme AUBRY Hélène", "M. BESSON Karim", "Mme CHARPENTIER Lina", "M. DELORME Yann",
                   "Mme ÉTIENNE Rose", "M. FAURE Bastien", "Mme GAUTHIER Nadia", "M. HUET Samuel"]
DEMO_PASSWORD = "Electeur-Demo-2022!"  # noqa: S105 - fictional demo voters, printed by make run


@dataclass(frozen=True)
class DemoVoter:
    """A fictional voter, written with its secrets to var/demo-voters.json for scripts and tests."""

    electeur_id: str
    email_pro: str
    civility: str
    family_name: str
    given_names: str
    birth_date: str
    birth_place: str
    birth_country: str
    academie: str
    corps: str
    numen: str
    nir10: str
    activated: bool
    password: str | None
    question: str | None
    answer: str | None


def _voter(n: int, email: str, civ: str, family: str, given: str, born: str, place: str,
           academie: str, corps: str, numen: str, nir10: str, activated: bool,
           question: str | None = None, answer: str | None = None) -> DemoVoter:
    return DemoVoter(f"{100000 + n}", email, civ, family, given, born, place,
                     "99100" if place else "99350", academie, corps, numen, nir10, activated,
                     DEMO_PASSWORD if activated else None, question, answer)


DEMO_VOTERS = [
    # Civil status of FranceConnect's fictional test identity "test" (used by the réassort).
    _voter(1, "angela.dubois@ac-paris.fr", "Mme", "DUBOIS", "Angela Claire Louise", "1962-08-24",
           "75107", "paris", "2D", "62E1234567ABC", "2620875107", True, "voiture", "Citroën"),
    _voter(2, "lucie.moreau@ac-nice.fr", "Mme", "MOREAU", "Lucie", "1984-04-12", "06088", "nice",
           "2D", "84E7654321NIC", "2840406088", True, "football", "OGC Nice"),
    _voter(3, "marc.giraud@ac-creteil.fr", "M.", "GIRAUD", "Marc Antoine", "1979-11-02", "94028",
           "creteil", "1D", "79E1112223CRE", "1791194028", True, "ecole", "Jules Ferry"),
    _voter(4, "hugo.leroy@ac-nantes.fr", "M.", "LEROY", "Hugo", "1990-06-30", "44109", "nantes",
           "2D", "90E2223334NAN", "1900644109", False),
    _voter(5, "ines.fontaine@ac-dijon.fr", "Mme", "FONTAINE", "Inès", "1988-01-19", "21231",
           "dijon", "2D", "88E3334445DIJ", "2880121231", False),
    _voter(6, "sophie.caron@ac-nice.fr", "Mme", "CARON", "Sophie", "1975-09-08", "", "nice", "1D",
           "75E4445556NIC", "2750999350", False),
]


def scrutin_rows() -> list[Scrutin]:
    rows = [Scrutin(code="CSA-MIN", kind="CSA-MIN", title="CSA ministériel de l'éducation nationale")]
    for corps, (_local, national_label) in CORPS.items():
        rows.append(Scrutin(code=f"CAPN-{corps}", kind="CAPN", title=f"CAPN des {national_label}",
                            corps=corps))
    for code, name in ACADEMIES.items():
        rows.append(Scrutin(code=f"CSA-PROX-{code}", kind="CSA-PROX",
                            title=f"CSA de proximité de {name}", academie_code=code))
        for corps, (local_label, _national) in CORPS.items():
            rows.append(Scrutin(code=f"CAPA-{corps}-{code}", kind="CAPA",
                                title=f"CAPA des {local_label} de {name}", academie_code=code,
                                corps=corps))
    for scrutin in rows:
        scrutin.lists = [CandidateList(position=i + 1, union_name=union,
                                       candidates="\n".join(CANDIDATE_NAMES[i * 2:i * 2 + 2]))
                         for i, union in enumerate(UNIONS)]
    return rows


def seed_demo(ctx: Idp, opens_at: datetime | None = None,
              closes_at: datetime | None = None) -> bool:
    """Create the demo election once; return False (and change nothing) when it already exists."""
    with ctx.db.session() as s:
        if s.scalar(select(Election.id)) is not None:
            return False
        start = opens_at or utcnow().replace(minute=0, second=0, microsecond=0)
        s.add(Election(title="Elections Professionnelles 2022", opens_at=start,
                       closes_at=closes_at or start + timedelta(days=7)))
        s.add_all(Academie(code=c, name=n, mail_domain=f"ac-{c}.fr") for c, n in ACADEMIES.items())
        s.flush()
        s.add_all(scrutin_rows())
        s.add_all(_voter_row(ctx, v) for v in DEMO_VOTERS)
    return True


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
