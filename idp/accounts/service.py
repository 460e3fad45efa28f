"""Account journeys as plain functions over the database: no Flask request in here."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select, update

from idp.accounts.errors import InvalidLink, RateLimited, WrongPassword
from idp.accounts.models import OneTimeLink, Voter
from idp.context import Idp
from shared.db import rowcount
from shared.hashing import new_token, normalise_answer, token_digest
from shared.timeutil import utcnow

log = logging.getLogger(__name__)

LINK_LIFETIME = {"activation": timedelta(hours=24), "password_reset": timedelta(hours=1)}
LINK_PATH = {"activation": "/portail/activationportail.htm",
             "password_reset": "/portail/reinitialisationmotdepasse.htm"}
MAIL_SUBJECT = {"activation": "Portail Élections : poursuivre votre accès",
                "password_reset": "Portail Élections : réassort de votre mot de passe Élections"}
MAIL_INTRO = {
    "activation": "Pour poursuivre le processus d'authentification au portail Élections, veuillez "
                  "cliquer sur le lien ci-dessous :",
    "password_reset": "Vous avez demandé le réassort de votre mot de passe Élections. Pour choisir "
                      "un nouveau mot de passe, veuillez cliquer sur le lien ci-dessous :",
}

# The previous sign-in as the row held it: SET reads the old values (SQLite and PostgreSQL alike).
_RECORD_LOGIN = (update(Voter).where(Voter.id == bindparam("voter_id"))
                 .values(previous_login_at=Voter.last_login_at, last_login_at=bindparam("now"))
                 .returning(Voter.previous_login_at)
                 .execution_options(synchronize_session=False))


@dataclass(frozen=True)
class IdentifierOutcome:
    """What the identifier page leads to: the password page, or "a mail has been sent"."""

    voter_id: int | None  # set when the account is activated: ask for the password


def normalise_identifier(identifier: str) -> str:
    return identifier.strip().lower()


def find_voter(ctx: Idp, identifier: str) -> Voter | None:
    with ctx.db.session() as s:
        return s.scalar(select(Voter).where(Voter.email_pro == normalise_identifier(identifier)))


def get_voter(ctx: Idp, voter_id: int) -> Voter:
    with ctx.db.session() as s:
        voter = s.get(Voter, voter_id)
        assert voter is not None
        return voter


class _MailTiming:
    """Running average of a mail hand-over, spent on unknown identifiers (no enumeration by timing)."""

    def __init__(self) -> None:
        self.average = 0.05

    def record(self, seconds: float) -> None:
        self.average = 0.8 * self.average + 0.2 * min(seconds, 2.0)


_mail_timing = _MailTiming()


def submit_identifier(ctx: Idp, identifier: str, address: str) -> IdentifierOutcome:
    """Identifier page: activated → ask the password; otherwise mail an activation link.

    An unknown identifier gets the same answer and about the same delay as a known account
    that is not activated yet, so the page does not tell who is an elector.
    """
    key = normalise_identifier(identifier)
    refusal = ctx.limiter.hit("identifier", f"addr:{address}", f"id:{key}")
    if refusal:
        raise RateLimited(refusal.message)
    voter = find_voter(ctx, key)
    if voter is not None and voter.is_activated:
        return IdentifierOutcome(voter_id=voter.id)
    started = time.perf_counter()
    if voter is None:
        # Counted like a real account's mails, so the fourth request in the hour is refused for
        # an unknown identifier too: the refusal must not reveal who is an elector.
        refusal = ctx.limiter.hit("mail", f"unknown:{key}:activation")
        if refusal:
            raise RateLimited(refusal.message)
        # The relay is visited as for a real mail: a relay that is down gives the same 503 as to
        # an elector, and the time spent is a real hand-over's (topped up to the recent average).
        ctx.mailer.check()
        time.sleep(max(0.0, _mail_timing.average - (time.perf_counter() - started)))
        return IdentifierOutcome(voter_id=None)
    send_link(ctx, voter, "activation")
    _mail_timing.record(time.perf_counter() - started)
    return IdentifierOutcome(voter_id=None)


def send_link(ctx: Idp, voter: Voter, purpose: str) -> None:
    """Mail a fresh one-time link; older unused links of the same purpose stop working."""
    refusal = ctx.limiter.hit("mail", f"voter:{voter.id}:{purpose}")
    if refusal:
        raise RateLimited(refusal.message)
    token = new_token()
    now = utcnow()
    url = f"{ctx.settings.public_url}{LINK_PATH[purpose]}?token={token}&electeurId={voter.electeur_id}"
    body = (f"Bonjour « {voter.first_name.upper()} {voter.family_name.upper()} »\n\n"
            f"{MAIL_INTRO[purpose]}\n\n{url}\n\n"
            f"Ce lien est à usage unique et expire dans {_hours(LINK_LIFETIME[purpose])}.\n\n"
            "Cordialement,\n\nL'équipe élection\n")
    with ctx.db.session() as s:
        s.execute(update(OneTimeLink)
                  .where(OneTimeLink.voter_id == voter.id, OneTimeLink.purpose == purpose,
                         OneTimeLink.used_at.is_(None), OneTimeLink.superseded_at.is_(None))
                  .values(superseded_at=now))
        s.add(OneTimeLink(voter_id=voter.id, purpose=purpose, digest=token_digest(token),
                          created_at=now, expires_at=now + LINK_LIFETIME[purpose]))
        s.flush()
        # Sent inside the transaction: if the relay refuses, the new link and the
        # superseding of the old one are rolled back together (no half-done step).
        ctx.mailer.send(voter.email_pro, MAIL_SUBJECT[purpose], body)
    log.info("Lien %s envoyé, électeur %s", purpose, voter.electeur_id)


def _hours(delta: timedelta) -> str:
    hours = int(delta.total_seconds() // 3600)
    return "1 heure" if hours == 1 else f"{hours} heures"


def redeem_link(ctx: Idp, electeur_id: str, token: str, purpose: str) -> int:
    """Consume a one-time link and return its voter's id; any flaw raises :class:`InvalidLink`."""
    if not token or len(token) > 100 or not electeur_id or len(electeur_id) > 20:
        raise InvalidLink()
    now = utcnow()
    with ctx.db.session() as s:
        link = s.scalar(select(OneTimeLink).where(OneTimeLink.digest == token_digest(token),
                                                  OneTimeLink.purpose == purpose))
        voter = s.get(Voter, link.voter_id) if link else None
        if link is None or voter is None or voter.electeur_id != electeur_id:
            raise InvalidLink()
        if link.used_at or link.superseded_at or link.expires_at < now:
            raise InvalidLink()
        # Conditional update: two tabs racing on one link, only one wins (single use).
        won = rowcount(s.execute(update(OneTimeLink)
                        .where(OneTimeLink.id == link.id, OneTimeLink.used_at.is_(None))
                        .values(used_at=now)))
        if won != 1:
            raise InvalidLink()
        return voter.id


def check_password(ctx: Idp, voter_id: int, password: str, address: str) -> Voter:
    """Verify the Élections password under per-account and per-address limits."""
    refusal = (ctx.limiter.check("password", f"voter:{voter_id}")
               or ctx.limiter.check("password_address", f"addr:{address}"))
    if refusal:
        raise RateLimited(refusal.message)
    voter = get_voter(ctx, voter_id)
    if not ctx.hasher.verify(voter.password_hash, password):
        refusal = (ctx.limiter.hit("password", f"voter:{voter_id}")
                   or ctx.limiter.hit("password_address", f"addr:{address}"))
        if refusal:
            raise RateLimited(refusal.message)
        left = min(ctx.limiter.remaining("password", f"voter:{voter_id}"),
                   ctx.limiter.remaining("password_address", f"addr:{address}"))
        raise WrongPassword.with_attempts_left(left, ctx.limiter.window_minutes("password"))
    return voter


def activate(ctx: Idp, voter_id: int, password_hash: str, question: str, answer: str) -> None:
    """Store the password chosen earlier and the challenge question with its hashed answer."""
    answer_hash = ctx.hasher.hash(normalise_answer(answer))
    with ctx.db.session() as s:
        voter = s.get(Voter, voter_id)
        assert voter is not None
        voter.password_hash = password_hash
        voter.challenge_question = question
        voter.challenge_answer_hash = answer_hash
        voter.activated_at = utcnow()


def set_password(ctx: Idp, voter_id: int, password: str) -> None:
    with ctx.db.session() as s:
        voter = s.get(Voter, voter_id)
        assert voter is not None
        voter.password_hash = ctx.hasher.hash(password)


def record_login(ctx: Idp, voter_id: int) -> datetime | None:
    """Note this sign-in; return the previous one (shown as "Dernière connexion"). One statement:
    SET reads the row as it was, so the last sign-in becomes the previous one."""
    with ctx.db.session() as s:
        return s.execute(_RECORD_LOGIN, {"voter_id": voter_id, "now": utcnow()}).scalar_one()
