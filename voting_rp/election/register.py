"""The election's register in the voting space's database: the window, scrutins and lists, electors.

What ``python -m voting_rp import-election`` and the demo seed write, from a register already
checked as a whole (``shared/election/register.py``), in the caller's one transaction. NUMEN and
NIR stay with the portal: the voting space never stores them. Codes de vote come afterwards
(``python -m voting_rp notices``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.election.register import Register, RegisterRefused
from voting_rp.election.models import Elector, VotingList, VotingScrutin, VotingWindow


def refuse_unless_empty(s: Session) -> None:
    """An import starts from an empty election: nothing is merged, nothing half-replaced."""
    if any(s.scalar(select(model).limit(1)) is not None for model in (VotingWindow, VotingScrutin, Elector)):
        raise RegisterRefused(["L'espace de vote contient déjà une élection, des scrutins ou des électeurs : "
                               "l'import se fait dans une base vide."])


def add_register(s: Session, register: Register, title: str, opens_at: datetime, closes_at: datetime) -> None:
    """Add the window and the register to ``s`` (scrutins in the file's order)."""
    s.add(VotingWindow(title=title, opens_at=opens_at, closes_at=closes_at))
    s.add_all(VotingScrutin(code=sc.code, kind=sc.kind, title=sc.title, academie_code=sc.academie,
                            corps=sc.corps, position=position,
                            lists=[VotingList(position=lst.position, union_name=lst.union_name,
                                              candidates="\n".join(lst.candidates)) for lst in sc.lists])
              for position, sc in enumerate(register.scrutins))
    s.add_all(Elector(electeur_id=e.electeur_id, email_pro=e.email_pro, civility=e.civility,
                      family_name=e.family_name, given_names=e.given_names, birth_date=e.birth_date,
                      birth_place=e.birth_place, academie_code=e.academie, corps=e.corps, code_version=0)
              for e in register.electors)
