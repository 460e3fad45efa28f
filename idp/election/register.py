"""The election's register in the portal's database: académies, scrutins and lists, voters.

What ``python -m idp import-election`` and the demo seed write, from a register already checked
as a whole (``shared/election/register.py``), in the caller's one transaction: all or nothing.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from idp.accounts.models import Voter
from idp.election.models import Academie, CandidateList, Election, Scrutin
from shared.election.register import ElectorRecord, Register, RegisterRefused
from shared.hashing import SecretHasher


def refuse_unless_empty(s: Session) -> None:
    """An import starts from an empty election: nothing is merged, nothing half-replaced."""
    if any(s.scalar(select(model).limit(1)) is not None for model in (Election, Scrutin, Voter)):
        raise RegisterRefused(["Le portail contient déjà une élection, des scrutins ou des électeurs : "
                               "l'import se fait dans une base vide."])


def add_register(s: Session, hasher: SecretHasher, register: Register, title: str, opens_at: datetime,
                 closes_at: datetime) -> dict[str, Voter]:
    """Add the window and the register to ``s``; the voters by electeur_id (not yet activated)."""
    s.add(Election(title=title, opens_at=opens_at, closes_at=closes_at))
    s.add_all(Academie(code=code, name=name, mail_domain=register.mail_domain(code))
              for code, name in register.academies.items())
    s.flush()  # the académies before the rows that point at them
    s.add_all(Scrutin(code=sc.code, kind=sc.kind, title=sc.title, academie_code=sc.academie, corps=sc.corps,
                      lists=[CandidateList(position=lst.position, union_name=lst.union_name,
                                           candidates="\n".join(lst.candidates)) for lst in sc.lists])
              for sc in register.scrutins)
    voters = {e.electeur_id: _voter(hasher, e) for e in register.electors}
    s.add_all(voters.values())
    return voters


def _voter(hasher: SecretHasher, elector: ElectorRecord) -> Voter:
    return Voter(electeur_id=elector.electeur_id, email_pro=elector.email_pro, civility=elector.civility,
                 family_name=elector.family_name, given_names=elector.given_names,
                 birth_date=elector.birth_date, birth_place=elector.birth_place,
                 birth_country=elector.birth_country, academie_code=elector.academie, corps=elector.corps,
                 numen_hash=hasher.hash(elector.numen), nir_hash=hasher.hash(elector.nir10))
