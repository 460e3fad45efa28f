"""The demo election's professions de foi: the same bytes in both services, small, and added by
``seed-demo`` to a database seeded before they existed without touching anything else."""

from __future__ import annotations

import hashlib
import re
import zlib
from pathlib import Path

from shared.election.demo import scrutin_specs
from shared.election.demo_documents import demo_profession_de_foi
from tests.functional.documents.conftest import Service, portal_service, voting_service


def shown_text(pdf: bytes) -> str:
    """The text a reader sees: fpdf2 writes each line as a literal string in a compressed stream."""
    streams = [zlib.decompress(m.group(1)) for m in re.finditer(rb"stream\n(.*?)\nendstream", pdf, re.S)]
    lines = re.findall(rb"\((.*?)\) Tj", b"".join(streams))
    return "\n".join(line.replace(b"\\(", b"(").replace(b"\\)", b")").decode("latin-1") for line in lines)


def test_both_services_seed_the_very_same_small_documents(tmp_path: Path, idp_template: Path,
                                                          voting_seeded: Path) -> None:
    portal = portal_service(tmp_path / "portail", idp_template).documents()
    voting = voting_service(tmp_path / "vote", voting_seeded).documents()
    expected = {(spec.code, position) for spec in scrutin_specs() for position, _union, _names in spec.lists}
    assert set(portal) == set(voting) == expected
    for key, (content, sha256, size) in portal.items():
        assert content is not None and content.startswith(b"%PDF-") and size == len(content) < 8_000, key
        assert sha256 == hashlib.sha256(content).hexdigest() and voting[key] == portal[key], key


def test_the_demo_document_presents_the_list_the_same_way_every_run() -> None:
    spec = scrutin_specs()[-1]  # CAPA des professeurs des écoles de Créteil
    position, union, names = spec.lists[2]
    first = demo_profession_de_foi(spec.title, position, union, list(names))
    assert demo_profession_de_foi(spec.title, position, union, list(names)) == first
    shown = shown_text(first)
    assert shown.startswith("Profession de foi\n" + spec.title)
    assert f"Liste n° 3 présentée par : {union}" in shown and union.endswith("(SPER)")
    assert all(f"- {name}" in shown for name in names) and "Document fictif" in shown


def test_seed_demo_adds_the_documents_missing_from_existing_data(service: Service) -> None:
    seeded = service.documents()
    service.forget_documents()
    assert all(sha256 is None for _content, sha256, _size in service.documents().values())
    result = service.run("seed-demo")
    assert result.exit_code == 0, result.output
    assert "conservées" in result.output  # the election itself is left as it was
    assert service.documents() == seeded


def test_seed_demo_keeps_an_imported_document(service: Service, tmp_path: Path) -> None:
    imported = demo_profession_de_foi("Version déposée", 3, "Liste de test", ["Mme AUBRY Hélène"])
    (tmp_path / "depot" / "CSA-MIN").mkdir(parents=True)
    (tmp_path / "depot" / "CSA-MIN" / "liste-3.pdf").write_bytes(imported)
    assert service.run("import-documents", "--folder", str(tmp_path / "depot")).exit_code == 0
    assert service.run("seed-demo").exit_code == 0
    assert service.documents()[("CSA-MIN", 3)][0] == imported
