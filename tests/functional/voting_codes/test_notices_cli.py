"""`python -m voting_rp notices`: the operators' PDF notice per elector, with a fresh code de vote."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from click.testing import CliRunner

from tests.functional.documents.conftest import Service, voting_service
from voting_rp.cli import cli


def hashes(service: Service) -> dict[str, str | None]:
    with closing(sqlite3.connect(service.database)) as db:
        return dict(db.execute("SELECT electeur_id, code_hash FROM electors").fetchall())


def test_by_default_only_electors_without_a_code_get_a_notice(tmp_path: Path, voting_seeded: Path) -> None:
    service = voting_service(tmp_path / "vote", voting_seeded)
    with closing(sqlite3.connect(service.database)) as db, db:
        db.execute("UPDATE electors SET code_hash = NULL WHERE electeur_id = '100002'")  # a new elector
    before = hashes(service)
    result = service.run("notices", "--out", str(tmp_path / "notices"))
    assert result.exit_code == 0, result.output
    [notice] = list((tmp_path / "notices").glob("*.pdf"))
    assert "100002" in notice.name and notice.read_bytes().startswith(b"%PDF-")
    after = hashes(service)
    assert after["100002"] and after["100002"].startswith("$argon2id$")  # issued, stored hashed only
    others = {k: v for k, v in before.items() if k != "100002"}
    assert {k: v for k, v in after.items() if k != "100002"} == others  # nobody else's code changed


def test_all_reissues_every_code_after_confirmation(tmp_path: Path, voting_seeded: Path) -> None:
    service = voting_service(tmp_path / "vote", voting_seeded)
    before = hashes(service)
    declined = CliRunner().invoke(cli, ["notices", "--out", str(tmp_path / "n"), "--all"],
                                  env=service.environ, input="n\n")
    assert declined.exit_code != 0 and hashes(service) == before  # nothing changes without a yes
    result = CliRunner().invoke(cli, ["notices", "--out", str(tmp_path / "n"), "--all"],
                                env=service.environ, input="y\n")
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "n").glob("*.pdf"))) == len(before)
    after = hashes(service)
    assert all(after[e] != before[e] for e in before)  # every old notice's code stops working
