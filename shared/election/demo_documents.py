"""The demo election's fictional professions de foi, one small PDF per list (fpdf2, as the notices).

The same arguments always give the same bytes (fixed creation date, no random document id), so the
portal and the voting space, each seeding its own database, store identical documents.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fpdf import FPDF
from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.election.documents import ListDocument

CREATED = datetime(2022, 10, 3, 9, 0, tzinfo=UTC)  # fixed: the bytes must not depend on the day


def _paragraph(pdf: FPDF, height: float, text: str) -> None:
    pdf.multi_cell(0, height, text, align="L", new_x="LMARGIN", new_y="NEXT")


def demo_profession_de_foi(scrutin_title: str, position: int, union: str, candidates: list[str]) -> bytes:
    """A fictional one-page "Profession de foi" for a demo list (core fonts: Latin-1 text only)."""
    pdf = FPDF(format="A4")
    pdf.set_creation_date(CREATED)
    pdf.set_lang("fr-FR")
    pdf.set_title(f"Profession de foi - {union}")
    pdf.set_author(union)
    pdf.set_creator("Portail Élections (données de démonstration)")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 20)
    pdf.cell(0, 12, "Profession de foi", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 12)
    _paragraph(pdf, 7, f"{scrutin_title}\nListe n° {position} présentée par : {union}")
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, "Candidats", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 12)
    _paragraph(pdf, 7, "\n".join(f"- {name}" for name in candidates))
    pdf.ln(4)
    pdf.set_font("Helvetica", "", 11)
    for text in (
        "Nos candidates et nos candidats exercent dans les écoles, les collèges et les lycées. Élus, "
        "ils porteront dans cette instance la voix de toutes et de tous, avec le même sérieux pour "
        "chaque dossier.",
        "Nous nous engageons à informer chaque agent de ses droits, à préparer chaque séance avec les "
        "collègues concernés et à rendre compte de nos interventions après chaque réunion.",
        "Nous défendrons l'équité de traitement dans les mutations, l'avancement et la formation, et "
        "des conditions de travail qui laissent le temps d'enseigner.",
    ):
        _paragraph(pdf, 6, text)
        pdf.ln(3)
    pdf.set_font("Helvetica", "I", 9)
    _paragraph(pdf, 5, "Document fictif, créé pour la démonstration du Portail Élections.")
    return bytes(pdf.output())


def add_demo_documents(s: Session, lists: Any, scrutins: Any) -> int:
    """Give every list without a document its fictional profession de foi (the same bytes in both
    services); return how many."""
    rows = s.execute(select(lists, scrutins.title).join(scrutins)
                     .where(lists.document_sha256.is_(None))).all()
    for row, title in rows:
        row.attach(ListDocument.of(demo_profession_de_foi(title, row.position, row.union_name,
                                                          row.candidate_names)))
    return len(rows)
