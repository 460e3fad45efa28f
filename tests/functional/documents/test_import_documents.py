"""``import-documents --folder DIR`` in both services: <scrutin>/liste-<n>.pdf files, all or none,
each refusal a French message naming the file; the SHA-256 printed for the operators to compare."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from shared.election.demo import CANDIDATE_NAMES, UNIONS
from shared.election.demo_documents import demo_profession_de_foi
from tests.functional.documents.conftest import Service

NOT_IMPORTED = "Aucun document n'a été importé."


def new_pdf(position: int) -> bytes:
    """A document other than the seeded one (another title), fictional like every demo datum."""
    return demo_profession_de_foi("Version déposée en préfecture", position, UNIONS[position - 1],
                                  CANDIDATE_NAMES[:2])


def folder_with(root: Path, files: dict[str, bytes]) -> Path:
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    return root


GOOD = {"CSA-MIN/liste-1.pdf": new_pdf(1), "CSA-MIN/liste-2.pdf": new_pdf(2),
        "CAPA-2D-nice/liste-4.pdf": new_pdf(4)}


def test_a_good_folder_is_imported_and_each_sha256_printed(service: Service, tmp_path: Path) -> None:
    before = service.documents()
    result = service.run("import-documents", "--folder", str(folder_with(tmp_path / "depot", GOOD)))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines == [*(f"{hashlib.sha256(GOOD[name]).hexdigest()}  {name}" for name in sorted(GOOD)),
                     "3 profession(s) de foi importée(s)."]
    after = service.documents()
    for name, content in GOOD.items():
        code, file = name.split("/")
        key = (code, int(file.removeprefix("liste-").removesuffix(".pdf")))
        assert after[key] == (content, hashlib.sha256(content).hexdigest(), len(content))
    untouched = set(before) - {("CSA-MIN", 1), ("CSA-MIN", 2), ("CAPA-2D-nice", 4)}
    assert all(after[key] == before[key] for key in untouched)


def test_both_services_print_the_same_lines_for_the_same_folder(tmp_path: Path, idp_template: Path,
                                                                 voting_seeded: Path) -> None:
    from tests.functional.documents.conftest import portal_service, voting_service

    folder = str(folder_with(tmp_path / "depot", GOOD))
    portal = portal_service(tmp_path / "portail", idp_template).run("import-documents", "--folder", folder)
    voting = voting_service(tmp_path / "vote", voting_seeded).run("import-documents", "--folder", folder)
    assert portal.exit_code == voting.exit_code == 0
    assert portal.output == voting.output


@pytest.mark.parametrize(("name", "content", "message"), [
    ("CSA-MIN/liste-2.pdf", b"<html><body>Pas un PDF</body></html>",
     "CSA-MIN/liste-2.pdf : ce n'est pas un fichier PDF"),
    ("CSA-MIN/liste-2.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024),
     "CSA-MIN/liste-2.pdf : le fichier dépasse la taille maximale de 5 Mio."),
    ("INCONNU/liste-1.pdf", new_pdf(1), "INCONNU/liste-1.pdf : aucun scrutin n'a le code « INCONNU »."),
    ("CSA-MIN/liste-7.pdf", new_pdf(1),
     "CSA-MIN/liste-7.pdf : le scrutin « CSA-MIN » n'a pas de liste n° 7."),
    ("CSA-MIN/programme.pdf", new_pdf(1), "CSA-MIN/programme.pdf : fichier inattendu"),
    ("liste-1.pdf", new_pdf(1), "liste-1.pdf : fichier inattendu"),
])
def test_a_wrong_file_refuses_the_whole_folder(service: Service, tmp_path: Path, name: str, content: bytes,
                                               message: str) -> None:
    before = service.documents()
    folder = folder_with(tmp_path / "depot", {"CSA-MIN/liste-1.pdf": new_pdf(1), name: content})
    result = service.run("import-documents", "--folder", str(folder))
    assert result.exit_code == 1
    assert result.output.startswith("Erreur : ")  # in French, like the rest of the operators' tools
    assert message in result.output and NOT_IMPORTED in result.output
    assert service.documents() == before  # not even the good file beside it


def test_an_empty_folder_is_refused(service: Service, tmp_path: Path) -> None:
    (tmp_path / "vide").mkdir()
    result = service.run("import-documents", "--folder", str(tmp_path / "vide"))
    assert result.exit_code != 0 and "Aucun document dans" in result.output
