"""The réassort: after a proof of identity, a one-time link by SMS or e-mail; the link regenerates
the code de vote.

Nothing is half-done: the link row is committed only after the information mail to the professional
address and the message to the chosen channel were both handed over. When the second cannot be,
the row is rolled back and the professional address is told that the announced link never left.
The 2022 portal's links expired before slow SMS arrived: links here last 30 minutes by default
(VOTING_REASSORT_LINK_MINUTES).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import select, update

from shared.channels import masked, masked_address
from shared.db import rowcount
from shared.hashing import new_token, token_digest
from shared.messaging import DeliveryError
from shared.timeutil import paris_short, utcnow
from voting_rp.context import Voting
from voting_rp.election.models import Elector
from voting_rp.reassort.models import ReassortLink
from voting_rp.voting_codes.service import regenerate

log = logging.getLogger(__name__)
PATH_LABEL = {"question-defi": "question défi et NUMEN / n° de sécurité sociale",
              "franceconnect": "FranceConnect"}


class ReassortRefused(Exception):
    status = 400

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message, self.status = message, status


def send_link(ctx: Voting, elector: Elector, *, path: str, channel: str, address: str,
              requester_address: str) -> None:
    """Supersede older links, send the information mail and the link, then commit."""
    refusal = (ctx.limiter.hit("reassort", f"elector:{elector.id}")
               or ctx.limiter.hit("reassort_address", f"addr:{requester_address}"))
    if refusal:
        raise ReassortRefused(refusal.message, 429)
    token = new_token()
    now = utcnow()
    url = f"{ctx.settings.public_url}/reassort/code-vote?token={token}&electeurId={elector.electeur_id}"
    minutes = ctx.config.reassort_link_minutes
    with ctx.db.session() as s:
        s.execute(update(ReassortLink)
                  .where(ReassortLink.elector_id == elector.id, ReassortLink.used_at.is_(None),
                         ReassortLink.superseded_at.is_(None))
                  .values(superseded_at=now))
        s.add(ReassortLink(elector_id=elector.id, digest=token_digest(token), path=path, channel=channel,
                           created_at=now, expires_at=now + timedelta(minutes=minutes),
                           used_at=None, superseded_at=None))
        s.flush()
        # The professional address hears of every réassort first: one that could not be announced
        # there does not happen (a stranger's réassort never goes unnoticed).
        ctx.mailer.send(elector.email_pro, "Demande de réassort de votre code de vote",
                        _information(elector, path, channel, address, now))
        try:
            if channel == "sms":
                ctx.sms.send(address, "Elections professionnelles : pour obtenir votre nouveau code de vote, "
                                      f"ouvrez ce lien (usage unique, valable {minutes} min) : {url}")
            else:
                ctx.mailer.send(address, "Procéder au réassort de votre code de vote",
                                _link_mail(elector, url, minutes))
        except DeliveryError:
            _withdraw_information(ctx, elector, channel, address)
            raise  # the link row is rolled back with the session
    log.info("Lien de réassort envoyé (%s, %s), électeur %s", path, channel, elector.electeur_id)


def _withdraw_information(ctx: Voting, elector: Elector, channel: str, address: str) -> None:
    """The information mail said a link was sent; it was not: say so at the same address."""
    try:
        ctx.mailer.send(elector.email_pro, "Demande de réassort non aboutie",
                        f"{_greeting(elector)}"
                        "Le lien annoncé dans notre précédent message n'a finalement pas pu être envoyé "
                        f"par le canal : {masked(channel, address)}. Aucun lien n'est valable et votre "
                        "code de vote actuel reste inchangé. Vous pouvez refaire la demande de réassort "
                        "depuis l'espace de vote.\n\nCordialement,\n\nL'équipe élection\n")
    except DeliveryError:
        log.warning("Réassort non abouti : l'avis de retrait n'a pas pu être envoyé non plus (électeur %s)",
                    elector.electeur_id)


def _greeting(elector: Elector) -> str:
    return f"Bonjour {elector.given_names.split()[0]} {elector.family_name.upper()},\n\n"


def _information(elector: Elector, path: str, channel: str, address: str, now: datetime) -> str:
    """The seeds' information mail (004), the channel masked, then what to do if it was not you."""
    kind = "SMS" if channel == "sms" else "mail"
    return (f"{_greeting(elector)}"
            "Vous avez demandé le réassort de votre code de vote.\n\n"
            f"Un lien cliquable vous a été envoyé par « {kind} » sur le canal suivant : "
            f"« {masked_address(channel, address)} ».\n\n"
            f"Cette demande a été faite le {paris_short(now)} (heure de Paris), après vérification par "
            f"{PATH_LABEL[path]}. Si vous n'êtes pas à l'origine de cette demande, formulez une "
            "réclamation depuis le portail Élections : votre code de vote actuel reste valable tant que "
            "le lien n'a pas été utilisé.\n\n"
            "Cordialement,\n\nL'équipe élection\n")


def _link_mail(elector: Elector, url: str, minutes: int) -> str:
    """The seeds' link mail (004), then how long the link and the code last."""
    return (f"{_greeting(elector)}"
            "Vous avez demandé la réinitialisation de votre code de vote.\n\n"
            "Afin de définir votre nouveau code de vote, veuillez cliquer sur le lien ci-dessous :\n"
            f"{url}\n\n"
            f"Ce lien est à usage unique et valable {minutes} minutes. Munissez-vous de quoi noter votre "
            "nouveau code : il ne sera affiché que pendant 120 secondes.\n\n"
            "Cordialement,\n\nL'équipe élection\n")


def _usable_link(ctx: Voting, electeur_id: str, token: str) -> tuple[ReassortLink, Elector]:
    invalid = ReassortRefused("Ce lien de réassort n'est pas ou plus valide : il a déjà été utilisé, "
                              "remplacé par une demande plus récente ou il a expiré. Vous pouvez faire "
                              "une nouvelle demande de réassort depuis l'espace de vote.", 410)
    if not token or len(token) > 100 or not electeur_id or len(electeur_id) > 20:
        raise invalid
    with ctx.db.session() as s:
        link = s.scalar(select(ReassortLink).where(ReassortLink.digest == token_digest(token)))
        elector = s.get(Elector, link.elector_id) if link else None
    if link is None or elector is None or elector.electeur_id != electeur_id:
        raise invalid
    if link.used_at or link.superseded_at or link.expires_at < utcnow():
        raise invalid
    return link, elector


def check_link(ctx: Voting, electeur_id: str, token: str) -> None:
    """Opening the link shows the page; nothing is consumed yet."""
    _usable_link(ctx, electeur_id, token)


def regenerate_with_link(ctx: Voting, electeur_id: str, token: str) -> str:
    """Consume the link (the first click wins) and replace the code at once; return the new code."""
    link, elector = _usable_link(ctx, electeur_id, token)
    with ctx.db.session() as s:
        won = rowcount(s.execute(update(ReassortLink)
                        .where(ReassortLink.id == link.id, ReassortLink.used_at.is_(None))
                        .values(used_at=utcnow())))
    if won != 1:
        raise ReassortRefused("Ce lien vient déjà d'être utilisé.", 410)
    code = regenerate(ctx, elector.id, elector.code_version)
    if code is None:
        raise ReassortRefused("Votre code de vote vient d'être régénéré par une autre demande.", 409)
    log.info("Code de vote régénéré, électeur %s", elector.electeur_id)
    return code
