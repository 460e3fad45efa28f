"""The step-up check: question défi + NUMEN or NIR prefix, under its own attempt limits."""

from __future__ import annotations

import logging

from idp.accounts.errors import AccountError, RateLimited
from idp.accounts.service import get_voter
from idp.context import Idp
from shared.hashing import normalise_answer

log = logging.getLogger(__name__)


class StepUpRefused(AccountError):
    status = 401
    message = ("La réponse secrète ou le NUMEN / numéro de sécurité sociale saisi est incorrect. "
               "Chaque tentative est enregistrée.")


class NoChallenge(AccountError):
    status = 403
    message = ("Votre compte n'a pas de question défi : activez votre compte au portail Élections "
               "(question défi et réponse secrète) ou utilisez FranceConnect.")


def verify_step_up(ctx: Idp, voter_id: int, answer: str, numen_or_nir: str, address: str) -> None:
    """Both factors must match; every attempt counts, per voter and per address."""
    refusal = (ctx.limiter.check("challenge", f"voter:{voter_id}")
               or ctx.limiter.check("challenge_address", f"addr:{address}"))
    if refusal:
        raise RateLimited(refusal.message)
    voter = get_voter(ctx, voter_id)
    if not voter.challenge_answer_hash:
        raise NoChallenge()
    answer_ok = ctx.hasher.verify(voter.challenge_answer_hash, normalise_answer(answer))
    stored = voter.nir_hash if numen_or_nir.isdigit() else voter.numen_hash
    identity_ok = ctx.hasher.verify(stored, numen_or_nir)
    if not (answer_ok and identity_ok):
        log.warning("Échec de vérification renforcée, électeur %s", voter.electeur_id)
        refusal = (ctx.limiter.hit("challenge", f"voter:{voter_id}")
                   or ctx.limiter.hit("challenge_address", f"addr:{address}"))
        raise RateLimited(refusal.message) if refusal else StepUpRefused()
    log.info("Vérification renforcée réussie, électeur %s", voter.electeur_id)
