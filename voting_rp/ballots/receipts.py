"""The "accusé de réception": scrutin, date and time, ballot fingerprint; never the choice.

The server stores no receipt: the browser holds this session's receipts in a signed cookie
(``__Host-vote-accuses``, HttpOnly, SameSite=Strict, bound to the elector) so the page and the PDF
can be shown again; the copies that last are the voter's own, the PDF and the mail to the
professional address. No database of the server ever holds a fingerprint next to a voter (ballot
secrecy, DESIGN.md).
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from flask import Request
from fpdf import FPDF
from itsdangerous import BadSignature, URLSafeSerializer
from werkzeug.wrappers import Response

from shared.messaging.errors import DeliveryError
from shared.timeutil import to_paris
from voting_rp.context import Voting

log = logging.getLogger(__name__)
EXPLANATION = ("Cette empreinte identifie votre bulletin chiffré dans l'urne, sans révéler votre choix. "
               "Après le dépouillement, la liste des empreintes comptées est publiée sur le portail "
               "Élections : vous pourrez y vérifier que votre bulletin a bien été compté.")


@dataclass(frozen=True)
class Receipt:
    scrutin_code: str
    scrutin_title: str
    voted_at: datetime  # UTC, naive
    fingerprint: str

    @property
    def when(self) -> str:
        """"01/12/2022 à 10h12m05s (heure de Paris)": seconds too, as a receipt should."""
        local = to_paris(self.voted_at)
        return f"{local:%d/%m/%Y} à {local:%H}h{local:%M}m{local:%S}s (heure de Paris)"

    @property
    def grouped(self) -> str:
        return " ".join(self.fingerprint[i:i + 8] for i in range(0, len(self.fingerprint), 8))

    def to_session(self) -> dict[str, Any]:
        data = asdict(self)
        data["voted_at"] = self.voted_at.isoformat()
        return data

    @classmethod
    def from_session(cls, data: dict[str, Any]) -> Receipt:
        return cls(str(data["scrutin_code"]), str(data["scrutin_title"]),
                   datetime.fromisoformat(str(data["voted_at"])), str(data["fingerprint"]))


COOKIE = "__Host-vote-accuses"
SALT = "accuses-de-reception"  # a signature for this use only (not valid as any other token)


def kept(request: Request, secret: str, electeur_id: str) -> dict[str, Receipt]:
    """This browser's receipts for this elector (another voter's, on a shared computer, are ignored)."""
    try:
        data = URLSafeSerializer(secret, salt=SALT).loads(request.cookies.get(COOKIE, ""))
    except BadSignature:
        return {}
    if not isinstance(data, dict) or data.get("electeur") != electeur_id:
        return {}
    return {code: Receipt.from_session(item) for code, item in dict(data.get("accuses", {})).items()}


def keep(response: Response, secret: str, electeur_id: str, receipts: dict[str, Receipt]) -> None:
    value = URLSafeSerializer(secret, salt=SALT).dumps(
        {"electeur": electeur_id, "accuses": {code: r.to_session() for code, r in receipts.items()}})
    # Secure + HttpOnly + __Host- (no Domain, Path=/): only this origin, never script; Strict: not sent
    # on cross-site requests (OWASP ASVS 3.4). A browser-session cookie: gone when the browser closes.
    response.set_cookie(COOKIE, value, path="/", secure=True, httponly=True, samesite="Strict")


def pdf(receipt: Receipt, election_title: str) -> bytes:
    """A one-page PDF (fpdf2, core fonts: Latin-1 text only)."""
    doc = FPDF(format="A4")
    doc.set_title(f"Accusé de réception - {receipt.scrutin_title}")
    doc.set_creator("Espace de vote")
    doc.add_page()
    doc.set_font("Helvetica", "B", 18)
    doc.multi_cell(0, 10, "Accusé de réception de votre vote", new_x="LMARGIN", new_y="NEXT")
    doc.set_font("Helvetica", "", 12)
    doc.multi_cell(0, 7, election_title, new_x="LMARGIN", new_y="NEXT")
    doc.ln(6)
    for label, value in (("Scrutin", receipt.scrutin_title), ("Vote enregistré le", receipt.when),
                         ("Empreinte du bulletin", receipt.grouped)):
        doc.set_font("Helvetica", "B", 12)
        doc.multi_cell(0, 7, label, new_x="LMARGIN", new_y="NEXT")
        doc.set_font("Courier" if label.startswith("Empreinte") else "Helvetica", "", 12)
        doc.multi_cell(0, 7, value, new_x="LMARGIN", new_y="NEXT")
        doc.ln(3)
    doc.set_font("Helvetica", "", 10)
    doc.multi_cell(0, 5, EXPLANATION, new_x="LMARGIN", new_y="NEXT")
    return bytes(doc.output())


def mail_body(receipt: Receipt, election_title: str, voting_url: str) -> str:
    return (f"Bonjour,\n\nVotre vote a bien été enregistré.\n\n{election_title}\n"
            f"Scrutin : {receipt.scrutin_title}\nVote enregistré le : {receipt.when}\n"
            f"Empreinte du bulletin : {receipt.grouped}\n\n{EXPLANATION}\n\n"
            f"Espace de vote : {voting_url}\n\nCe message est envoyé automatiquement, merci de ne pas "
            "y répondre.\n")


def send(ctx: Voting, to: str, receipt: Receipt, election_title: str) -> bool:
    """Mail the receipt; a relay failure never undoes a vote (it is already recorded)."""
    try:
        ctx.mailer.send(to, f"Accusé de réception de votre vote - {receipt.scrutin_title}",
                        mail_body(receipt, election_title, ctx.settings.voting_url))
    except DeliveryError:
        log.warning("Accusé de réception non envoyé par mail (relais indisponible)")
        return False
    return True
