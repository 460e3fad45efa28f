"""The candidate lists' documents: one "profession de foi" (PDF) per list.

Each service keeps its own copy in its own database (the portal's ``candidate_lists``, the voting
space's ``voting_lists``); the SHA-256 printed by ``import-documents`` lets operators check that
both hold the very same bytes. This module says what an acceptable document is and reads an
operator's import folder; the demo election's fictional documents come from ``demo_documents.py``.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, LargeBinary, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

MAX_BYTES = 5 * 1024 * 1024  # 5 Mio: a few pages of text and pictures, never a video or an archive
PDF_SIGNATURE = b"%PDF-"  # ISO 32000-1 §7.5.2: a PDF file begins with its header "%PDF-1.n"
LAYOUT = "<code du scrutin>/liste-<position>.pdf"
_FILE_NAME = re.compile(r"liste-([1-9][0-9]{0,2})\.pdf")  # no leading zero: one name per list


@dataclass(frozen=True)
class ListDocument:
    """One list's document as stored: the bytes, their SHA-256 (hex) and their size in bytes."""

    content: bytes
    sha256: str
    size: int

    @classmethod
    def of(cls, content: bytes) -> ListDocument:
        return cls(content, hashlib.sha256(content).hexdigest(), len(content))


@dataclass(frozen=True)
class FoundDocument:
    """A checked file of an import folder and the list it belongs to."""

    name: str  # "CSA-MIN/liste-1.pdf", relative to the folder, as operators see it
    scrutin_code: str
    position: int
    document: ListDocument


class DocumentRefused(Exception):
    """The import folder is refused as a whole; the French message names the file and the reason."""


def size_label(size: int) -> str:
    """The size as French readers write it: "3 ko" (rounded up, never "0 ko"), "1,6 Mo"."""
    if size < 1_000_000:
        return f"{max(1, math.ceil(size / 1000))}\u00a0ko"
    return f"{size / 1_000_000:.1f}".replace(".", ",") + "\u00a0Mo"


def served_name(scrutin_code: str, position: int) -> str:
    """The name a browser saves the document under, ASCII whatever the scrutin's code."""
    return f"profession-de-foi-{re.sub(r'[^A-Za-z0-9-]', '-', scrutin_code)}-liste-{position}.pdf"


def read_folder(folder: Path) -> list[FoundDocument]:
    """Every ``<scrutin code>/liste-<position>.pdf`` under ``folder``, checked; any other file, or
    a file that is not an acceptable PDF, refuses the whole folder."""
    found = [_read(folder, path) for path in sorted(folder.rglob("*")) if not path.is_dir()]
    if not found:
        raise DocumentRefused(f"Aucun document dans {folder} : les fichiers attendus sont {LAYOUT}.")
    return found


def _read(folder: Path, path: Path) -> FoundDocument:
    relative = path.relative_to(folder)
    name = relative.as_posix()
    match = _FILE_NAME.fullmatch(relative.name)
    if len(relative.parts) != 2 or match is None or not path.is_file():
        raise DocumentRefused(f"{name} : fichier inattendu ; seuls les fichiers {LAYOUT} sont importés.")
    with path.open("rb") as file:
        content = file.read(MAX_BYTES + 1)  # never more, whatever the file claims to weigh
    if len(content) > MAX_BYTES:
        raise DocumentRefused(f"{name} : le fichier dépasse la taille maximale de 5 Mio.")
    if not content.startswith(PDF_SIGNATURE):
        raise DocumentRefused(f"{name} : ce n'est pas un fichier PDF (il ne commence pas par « %PDF- »).")
    return FoundDocument(name, relative.parts[0], int(match.group(1)), ListDocument.of(content))


def refuse_unknown(found: list[FoundDocument], scrutin_codes: Collection[str],
                   lists: Collection[tuple[str, int]]) -> None:
    """Refuse the import when a file names a scrutin or a list the service does not know."""
    for item in found:
        if item.scrutin_code not in scrutin_codes:
            raise DocumentRefused(f"{item.name} : aucun scrutin n'a le code « {item.scrutin_code} ».")
        if (item.scrutin_code, item.position) not in lists:
            raise DocumentRefused(f"{item.name} : le scrutin « {item.scrutin_code} » n'a pas de liste "
                                  f"n° {item.position}.")


def import_report(found: list[FoundDocument]) -> list[str]:
    """What ``import-documents`` prints, the same in both services and in ``sha256sum``'s format,
    so operators can compare the two imports and the files themselves line by line."""
    return [f"{item.document.sha256}  {item.name}" for item in found]


class CandidateListColumns:
    """What a candidate list is in either service's database (the portal's ``candidate_lists``, the
    voting space's ``voting_lists``); each model adds its own table, scrutin key and relationship."""

    position: Mapped[int] = mapped_column()
    union_name: Mapped[str] = mapped_column(String(200))
    candidates: Mapped[str] = mapped_column(Text)  # one "Civilité NOM Prénom" per line
    # The list's "profession de foi" (PDF), absent until imported or seeded. Deferred: pages that
    # list the lists read its size, only the document's own URL loads the bytes.
    document: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    document_sha256: Mapped[str | None] = mapped_column(String(64))
    document_size: Mapped[int | None] = mapped_column()

    @property
    def candidate_names(self) -> list[str]:
        return [line for line in self.candidates.splitlines() if line.strip()]

    def attach(self, document: ListDocument) -> None:
        """Store (or replace) the list's document with its digest and size."""
        self.document = document.content
        self.document_sha256 = document.sha256
        self.document_size = document.size


def stored_document(s: Session, lists: Any, scrutins: Any, code: str, position: int,
                    elector_of: ColumnElement[bool]) -> ListDocument | None:
    """The document of list ``position`` of scrutin ``code`` when ``elector_of`` (the service's
    condition on ``scrutins`` for the current voter) holds; None otherwise or without a document."""
    row = s.execute(select(lists.document, lists.document_sha256, lists.document_size).join(scrutins)
                    .where(scrutins.code == code, lists.position == position,
                           lists.document.is_not(None), elector_of)).first()
    return None if row is None else ListDocument(row.document, row.document_sha256, row.document_size)


def store_found(s: Session, lists: Any, scrutins: Any, found: list[FoundDocument]) -> None:
    """Attach the checked documents to their lists; a file for an unknown scrutin or list refuses
    them all (DocumentRefused) before anything is written (the caller's transaction rolls back)."""
    by_list = {(code, row.position): row
               for row, code in s.execute(select(lists, scrutins.code).join(scrutins))}
    refuse_unknown(found, set(s.scalars(select(scrutins.code))), by_list.keys())
    for item in found:
        by_list[item.scrutin_code, item.position].attach(item.document)
