"""Issuing, checking and regenerating codes de vote; only Argon2id hashes are ever stored."""

from __future__ import annotations

import logging

from sqlalchemy import select, update

from shared.db import rowcount
from shared.timeutil import utcnow
from voting_rp.context import Voting
from voting_rp.election.models import Elector
from voting_rp.voting_codes.alphabet import new_code, normalise

log = logging.getLogger(__name__)


class CodeRefused(Exception):
    status = 401
    message = "Le code de vote saisi est incorrect. Merci de contrôler votre saisie."


class CodeRateLimited(CodeRefused):
    status = 429

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def issue_codes(ctx: Voting, electeur_ids: list[str]) -> dict[str, str]:
    """New codes for these electors (for their paper notices); the clear codes are returned once."""
    codes = {electeur_id: new_code() for electeur_id in electeur_ids}
    with ctx.db.session() as s:
        for elector in s.scalars(select(Elector).where(Elector.electeur_id.in_(electeur_ids))):
            elector.code_hash = ctx.hasher.hash(codes[elector.electeur_id])
            elector.code_version += 1
            elector.code_changed_at = utcnow()
    return codes


def check_code(ctx: Voting, elector: Elector, typed: str, address: str) -> None:
    """Per-voter and per-address limits first, then the hash (OWASP ASVS 6.3: bounded guessing)."""
    refusal = (ctx.limiter.check("code", f"elector:{elector.id}")
               or ctx.limiter.check("code_address", f"addr:{address}"))
    if refusal:
        raise CodeRateLimited(refusal.message)
    code = normalise(typed)
    if len(code) > 64 or not ctx.hasher.verify(elector.code_hash, code):
        log.info("Code de vote refusé, électeur %s", elector.electeur_id)
        refusal = (ctx.limiter.hit("code", f"elector:{elector.id}")
                   or ctx.limiter.hit("code_address", f"addr:{address}"))
        raise CodeRateLimited(refusal.message) if refusal else CodeRefused()


def regenerate(ctx: Voting, elector_id: int, expected_version: int) -> str | None:
    """Replace the code at once; of two racing regenerations only one wins (version check)."""
    code = new_code()
    code_hash = ctx.hasher.hash(code)
    with ctx.db.session() as s:
        won = rowcount(s.execute(update(Elector)
                        .where(Elector.id == elector_id, Elector.code_version == expected_version)
                        .values(code_hash=code_hash, code_version=expected_version + 1,
                                code_changed_at=utcnow())))
    return code if won == 1 else None
