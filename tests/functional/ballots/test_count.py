"""Operators' CLI on a generated electorate: ceremony, seal, seal check, tally with k shares, re-count.

Thousands of voters, their ballots encrypted with the browser's construction; the published count
must equal what was generated, a re-count must be identical, and every fault must stop the count.
"""

from __future__ import annotations

import json
import stat
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select, update

from shared.election.order import SEEDS_ORDER
from tests.support import settings as support_settings
from tests.support.ballots import CLIENT_SECRET, copy_prepared, share_files, voting_settings
from tests.support.electorate import Expected, generate
from voting_rp import create_app
from voting_rp.ballots import closing
from voting_rp.cli import cli
from voting_rp.context import Voting
from voting_rp.urne import crypto, seal
from voting_rp.urne.models import Ballot, Seal

VOTERS = 2500
Electorate = tuple[Path, Expected, Counter[str]]  # data folder, expected choices, registered


def run(data_dir: Path, *args: str) -> Result:
    environ = {**support_settings.test_environ(data_dir), "VOTING_OIDC_CLIENT_SECRET": CLIENT_SECRET}
    return CliRunner().invoke(cli, list(args), env=environ, catch_exceptions=False)


def open_ctx(data_dir: Path) -> Voting:
    return create_app(voting_settings(data_dir)).extensions["voting"]


@pytest.fixture(scope="module")
def counted_template(voting_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Electorate:
    """The prepared voting space plus a generated electorate that has voted; voting closed, urne sealed."""
    folder = copy_prepared(voting_template, tmp_path_factory.mktemp("electorat"))
    ctx = open_ctx(folder)
    expected, registered = generate(ctx, VOTERS)
    from tests.support.ballots import close_voting

    close_voting(ctx)
    closing.seal(ctx)
    ctx.db.engine.dispose()
    ctx.urne.database.engine.dispose()
    return folder, expected, registered


@pytest.fixture
def electorate(counted_template: Electorate, tmp_path: Path) -> Electorate:
    folder, expected, registered = counted_template
    return copy_prepared(folder, tmp_path / "copie"), expected, registered


def shares(data_dir: Path, *indexes: int) -> list[str]:
    files = share_files(data_dir)
    return [arg for i in indexes for arg in ("--share", str(files[i]))]


def test_tally_publishes_the_generated_count_and_recount_is_identical(electorate: Electorate) -> None:
    data_dir, expected, registered = electorate
    assert run(data_dir, "verify-seal").exit_code == 0
    result = run(data_dir, "tally", *shares(data_dir, 0, 2))
    assert result.exit_code == 0, result.output
    published = json.loads((data_dir / "results.json").read_text())
    total = 0
    for scrutin in published["scrutins"]:
        wanted = expected[scrutin["code"]]
        assert scrutin["inscrits"] == registered[scrutin["code"]]
        assert scrutin["votants"] == sum(wanted.values())
        assert scrutin["blancs"] == wanted["blanc"] and scrutin["nuls"] == 0
        assert {f"liste:{item['position']}": item["voix"] for item in scrutin["listes"]} == \
            {k: v for k, v in wanted.items() if k != "blanc"} | {f"liste:{i}": wanted[f"liste:{i}"]
                                                                 for i in range(1, 5)}
        total += scrutin["votants"]
    assert total == published["bulletins"] > VOTERS
    kinds = [next(k for k in SEEDS_ORDER if s["code"].startswith(k)) for s in published["scrutins"]]
    assert kinds == sorted(kinds, key=SEEDS_ORDER.index)  # published in the seeds' order
    counted = (data_dir / "empreintes-comptees.txt").read_text().split()
    assert counted == sorted(counted) and len(counted) == total
    again = run(data_dir, "recount", *shares(data_dir, 1, 2))  # other holders, same result
    assert again.exit_code == 0 and "Recomptage identique" in again.output


def test_recount_reports_a_published_result_that_differs(electorate: Electorate) -> None:
    data_dir, _expected, _registered = electorate
    assert run(data_dir, "tally", *shares(data_dir, 0, 1)).exit_code == 0
    published = json.loads((data_dir / "results.json").read_text())
    published["scrutins"][0]["blancs"] += 1
    (data_dir / "results.json").write_text(json.dumps(published))
    result = run(data_dir, "recount", *shares(data_dir, 0, 1))
    assert result.exit_code == 1 and "diffère" in result.output


def test_tally_with_too_few_wrong_or_repeated_shares_fails(electorate: Electorate) -> None:
    data_dir, _expected, _registered = electorate
    one = run(data_dir, "tally", *shares(data_dir, 0))
    assert one.exit_code == 1 and "Il faut au moins 2 parts de clé (reçu 1)" in one.output
    twice = run(data_dir, "tally", *shares(data_dir, 0, 0))
    assert twice.exit_code == 1 and "la même part" in twice.output.lower()
    forged = data_dir / "parts" / "falsifiee.json"
    content = json.loads(share_files(data_dir)[1].read_text())
    raw = bytearray(crypto.b64u_decode(content["part"]))
    raw[0] ^= 0xFF
    content["part"] = crypto.b64u(bytes(raw))
    forged.write_text(json.dumps(content))
    wrong = run(data_dir, "tally", "--share", str(share_files(data_dir)[0]), "--share", str(forged))
    assert wrong.exit_code == 1 and "ne correspond pas à celle remise lors de la cérémonie" in wrong.output
    assert not (data_dir / "results.json").exists()


def test_seal_check_catches_a_modified_ballot_and_the_tally_refuses(electorate: Electorate) -> None:
    data_dir, _expected, _registered = electorate
    ctx = open_ctx(data_dir)
    with ctx.urne.database.session() as u:
        victim = u.scalars(select(Ballot).order_by(Ballot.fingerprint).limit(1)).one()
        replacement = crypto.encrypt(crypto.load_public(_key(ctx)), victim.scrutin_code, "liste:1")
        u.execute(update(Ballot).where(Ballot.id == victim.id).values(content=replacement))
    result = run(data_dir, "verify-seal")
    assert result.exit_code == 1 and "Bulletin altéré" in result.output
    tally = run(data_dir, "tally", *shares(data_dir, 0, 1))
    assert tally.exit_code == 1 and "Dépouillement refusé" in tally.output
    with ctx.urne.database.session() as u:  # the fingerprint made to match too
        u.execute(update(Ballot).where(Ballot.id == victim.id)
                  .values(fingerprint=crypto.fingerprint(replacement)))
    result = run(data_dir, "verify-seal")
    assert result.exit_code == 1 and "ne correspond plus au scellement" in result.output
    assert not (data_dir / "results.json").exists()


def test_seal_check_catches_an_edited_seal_statement(electorate: Electorate) -> None:
    data_dir, _expected, _registered = electorate
    ctx = open_ctx(data_dir)
    with ctx.urne.database.session() as u:
        row = u.scalars(select(Seal)).one()
        statement = json.loads(row.statement)
        statement["bulletins"] += 1
        row.statement = seal.canonical(statement).decode()
    result = run(data_dir, "verify-seal")
    assert result.exit_code == 1 and "signature du scellement est invalide" in result.output


def _key(ctx: Voting) -> str:
    from voting_rp.ballots.ceremony import current_key

    key = current_key(ctx)
    assert key is not None
    return key.public_key


def test_ceremony_writes_one_private_file_per_holder_and_happens_once(tmp_path: Path,
                                                                      voting_template: Path) -> None:
    data_dir = tmp_path / "vierge"
    copy_prepared(voting_template, data_dir)
    ctx = open_ctx(data_dir)
    from sqlalchemy import delete

    from voting_rp.ballots.models import ElectionKey

    with ctx.db.session() as s:
        s.execute(delete(ElectionKey))
    out = tmp_path / "ceremonie"
    result = run(data_dir, "ceremony", "--holders", "Anne, Benoît, Céline, David", "--threshold", "3",
                 "--out", str(out))
    assert result.exit_code == 0, result.output
    files = sorted(out.glob("part-*.json"))
    assert [f.name for f in files] == ["part-01-anne.json", "part-02-benoit.json", "part-03-celine.json",
                                       "part-04-david.json"]
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
    assert json.loads(files[1].read_text())["seuil"] == 3
    again = run(data_dir, "ceremony", "--holders", "X,Y", "--threshold", "2")
    assert again.exit_code == 1 and "existe déjà" in again.output
    bad = run(data_dir, "ceremony", "--holders", "X,Y", "--threshold", "3", "--replace")
    assert bad.exit_code == 1 and "seuil" in bad.output


def test_seal_and_tally_are_refused_while_voting_is_open(data_dir: Path) -> None:
    sealing = run(data_dir, "seal")
    assert sealing.exit_code == 1 and "n'est pas clos" in sealing.output
    tally = run(data_dir, "tally", *shares(data_dir, 0, 1))
    assert tally.exit_code == 1 and "n'est pas clos" in tally.output


def test_portal_shows_the_results_and_checks_a_fingerprint(electorate: Electorate) -> None:
    import html

    from idp import create_app as create_portal
    from shared import db
    from tests.support.settings import service_settings

    data_dir, expected, _registered = electorate
    portal_settings = service_settings("idp", data_dir)
    db.upgrade("idp", portal_settings.database_url)
    portal = create_portal(portal_settings).test_client()
    assert portal.get("/portail/resultats", base_url="https://localhost").status_code == 404
    assert run(data_dir, "tally", *shares(data_dir, 0, 1)).exit_code == 0
    page = portal.get("/portail/resultats", base_url="https://localhost")
    shown = html.unescape(page.get_data(as_text=True))
    assert page.status_code == 200 and "CSA ministériel de l'éducation nationale" in shown
    assert f"votants : {sum(expected['CSA-MIN'].values())}" in shown
    counted = (data_dir / "empreintes-comptees.txt").read_text().split()[0]
    grouped = " ".join(counted[i:i + 8] for i in range(0, 64, 8))
    check = portal.get("/portail/resultats", query_string={"empreinte": grouped}, base_url="https://localhost")
    assert "figure parmi les bulletins comptés" in html.unescape(check.get_data(as_text=True))
    absent = portal.get("/portail/resultats", query_string={"empreinte": "0" * 64}, base_url="https://localhost")
    assert "ne figure pas" in html.unescape(absent.get_data(as_text=True))
    listing = portal.get("/portail/resultats/empreintes-comptees.txt", base_url="https://localhost")
    assert listing.status_code == 200 and counted in listing.get_data(as_text=True)


def test_seal_waits_for_a_vote_still_in_flight(data_dir: Path) -> None:
    from shared.timeutil import utcnow
    from tests.support.ballots import close_voting
    from voting_rp.ballots import service
    from voting_rp.election import service as election

    ctx = open_ctx(data_dir)
    lucie = election.elector(ctx, "100002")
    assert lucie is not None
    service._claim(ctx, lucie, service.scrutin_for(ctx, lucie, "CSA-MIN"), "jeton-en-vol", utcnow())
    close_voting(ctx)
    result = run(data_dir, "seal")
    assert result.exit_code == 1 and "en cours d'enregistrement" in result.output
