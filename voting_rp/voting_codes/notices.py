"""Paper notices ("notice de vote"): one printable PDF per elector with their code de vote.

The code exists in clear only while the notice is written; the database keeps its Argon2id hash.
Core PDF fonts cover Latin-1, which holds every French letter the notices use.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from shared.timeutil import window_words
from voting_rp.election.models import Elector, VotingScrutin, VotingWindow
from voting_rp.voting_codes.alphabet import grouped


def _para(pdf: FPDF, height: int, text: str) -> None:
    pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT")


def write_notice(folder: Path, elector: Elector, code: str, scrutins: list[VotingScrutin],
                 window: VotingWindow, portal_url: str) -> Path:
    pdf = FPDF(format="A4")
    pdf.set_title("Notice de vote")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, window.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 12)
    pdf.cell(0, 8, "Notice de vote - document personnel et confidentiel", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    _para(pdf, 7, f"{elector.civility} {elector.family_name.upper()} {elector.given_names}\n"
                         f"Identifiant : {elector.email_pro}\nN° d'électeur : {elector.electeur_id}")
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 10, "Votre code de vote :", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Courier", "B", 22)
    pdf.cell(0, 14, grouped(code), border=1, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    _para(pdf, 6, "Les espaces ne font pas partie du code. Le code ne contient ni 0, ni O, ni 1, "
                         "ni l, ni I, ni accent.")
    pdf.ln(4)
    pdf.set_font("Helvetica", "", 11)
    _para(pdf, 6, f"{window_words(window.opens_at, window.closes_at)}.\n"
                         f"Portail Élections : {portal_url}\n\nVous êtes électeur des scrutins :")
    for scrutin in scrutins:
        _para(pdf, 6, f"- {scrutin.title}")
    pdf.ln(4)
    _para(pdf, 6, "Conservez ce code : il vous sera demandé pour accéder à l'espace de vote. En cas de "
                         "perte, demandez un réassort depuis l'espace de vote (question défi ou "
                         "FranceConnect).")
    target = folder / f"notice-{elector.electeur_id}.pdf"
    pdf.output(str(target))
    target.chmod(0o600)
    return target
