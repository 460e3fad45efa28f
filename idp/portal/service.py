"""Storing what voters send from the portal, and acknowledging it by mail."""

from __future__ import annotations

import secrets

from idp.accounts.errors import RateLimited
from idp.accounts.models import Voter
from idp.context import Idp
from idp.portal.forms import TOPICS
from idp.portal.models import AssistanceRequest, Complaint
from shared.timeutil import paris_short, utcnow


def _reference(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(4).upper()}"


def _limit(ctx: Idp, voter: Voter) -> None:
    refusal = ctx.limiter.hit("form", f"voter:{voter.id}")
    if refusal:
        raise RateLimited(refusal.message)


def file_complaint(ctx: Idp, voter: Voter, subject: str, body: str) -> str:
    """Store the complaint, then acknowledge it at the professional address; return its reference."""
    _limit(ctx, voter)
    reference = _reference("REC")
    now = utcnow()
    with ctx.db.session() as s:
        s.add(Complaint(reference=reference, voter_id=voter.id, subject=subject.strip(),
                        body=body.strip(), created_at=now))
        s.flush()
        # Inside the transaction: a mail that cannot leave rolls the complaint back.
        ctx.mailer.send(voter.email_pro, f"Accusé de réception de votre réclamation {reference}",
                        f"Bonjour {voter.first_name} {voter.family_name.upper()},\n\n"
                        f"Votre réclamation « {subject.strip()} » a bien été enregistrée le "
                        f"{paris_short(now)} (heure de Paris) sous la référence {reference}.\n"
                        "Elle sera examinée par le bureau de vote centralisateur.\n\n"
                        "Cordialement,\n\nL'équipe élection\n")
    return reference


def request_assistance(ctx: Idp, voter: Voter, topic: str, body: str) -> str:
    _limit(ctx, voter)
    reference = _reference("AST")
    now = utcnow()
    with ctx.db.session() as s:
        s.add(AssistanceRequest(reference=reference, voter_id=voter.id, topic=topic,
                                body=body.strip(), created_at=now))
        s.flush()
        ctx.mailer.send(voter.email_pro, f"Votre demande d'assistance {reference}",
                        f"Bonjour {voter.first_name} {voter.family_name.upper()},\n\n"
                        f"Votre demande d'assistance ({TOPICS[topic]}) a bien été enregistrée le "
                        f"{paris_short(now)} (heure de Paris) sous la référence {reference}.\n\n"
                        "Cordialement,\n\nL'équipe élection\n")
    return reference
