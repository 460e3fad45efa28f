"""The order in which scrutins are listed, everywhere: the seeds' (CAPA, CAPN, CSA ministériel,
CSA de proximité), whatever order the rows were created in."""

from __future__ import annotations

from typing import Any

from sqlalchemy import case

SEEDS_ORDER = ("CAPA", "CAPN", "CSA-MIN", "CSA-PROX")


def seeds_rank(kind: Any) -> Any:
    """An ORDER BY expression on a scrutin's ``kind`` column; an unknown kind comes last."""
    return case({k: rank for rank, k in enumerate(SEEDS_ORDER)}, value=kind, else_=len(SEEDS_ORDER))
