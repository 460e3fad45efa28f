"""Who is elector of which scrutin: the one eligibility rule of the election, in Python and in SQL.

A scrutin is national (no académie) or of one académie, and for every corps (no corps) or for one;
a person is its elector when both match. The portal ("Mes scrutins", the electoral lists), the
voting space (the scrutins offered, the documents) and the count's turnout all use this module.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, or_


def is_elector(scrutin_academie: str | None, scrutin_corps: str | None, academie: str, corps: str) -> bool:
    """A person of ``academie`` and ``corps`` is elector of a scrutin with these bounds."""
    return scrutin_academie in (None, academie) and scrutin_corps in (None, corps)


def elector_clause(scrutin_academie: Any, scrutin_corps: Any, academie: str,
                   corps: str) -> ColumnElement[bool]:
    """The same rule as a WHERE clause over a scrutin table's académie and corps columns."""
    return and_(or_(scrutin_academie.is_(None), scrutin_academie == academie),
                or_(scrutin_corps.is_(None), scrutin_corps == corps))
