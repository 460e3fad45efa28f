"""The commands: migrate (schema and keys), seed (idempotent, secret from the environment), rotate-keys."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from franceconnect_mock import build_context
from franceconnect_mock.cli import cli
from franceconnect_mock.seeding import VOTING_CLIENT_NAME
from shared.settings import load_settings
from tests.support.franceconnect import fc_environ


def test_migrate_seed_rotate(tmp_path: Path) -> None:
    environ = fc_environ(tmp_path, VOTING_FC_CLIENT_SECRET="v" * 40, VOTING_URL="https://vote.example")
    runner = CliRunner()
    assert runner.invoke(cli, ["migrate"], env=environ).exit_code == 0
    first = runner.invoke(cli, ["seed"], env=environ)
    assert first.exit_code == 0, first.output
    assert "espace-de-vote-elections (espace de vote) enregistré" in first.output
    assert "demo-fs" in first.output
    second = runner.invoke(cli, ["seed"], env={**environ, "VOTING_FC_CLIENT_SECRET": "w" * 40})
    assert second.exit_code == 0 and "mis à jour" in second.output and "demo-fs" not in second.output

    ctx = build_context(load_settings("franceconnect_mock", environ))
    voting = ctx.clients.get("espace-de-vote-elections")
    assert voting is not None and voting.name == VOTING_CLIENT_NAME
    assert voting.redirect_uris == ["https://vote.example/reassort/franceconnect/callback"]
    assert voting.post_logout_redirect_uris == ["https://vote.example/reassort/franceconnect/deconnexion"]
    assert (voting.kind, voting.profile.name, voting.signing_alg) == ("private", "fcp-low", "ES256")
    assert voting.scopes == ["openid", "identite_pivot", "email"]
    assert ctx.clients.secret_matches(voting, "w" * 40)  # the environment's secret wins

    active = {k.kid for k in ctx.keyring.keys() if k.state == "active"}
    assert runner.invoke(cli, ["rotate-keys"], env=environ).exit_code == 0
    ctx.keyring.refresh(force=True)
    assert active.isdisjoint({k.kid for k in ctx.keyring.keys() if k.state == "active"})


def test_seed_needs_the_voting_secret(tmp_path: Path) -> None:
    environ = {**fc_environ(tmp_path), "VOTING_FC_CLIENT_SECRET": ""}
    runner = CliRunner()
    runner.invoke(cli, ["migrate"], env=environ)
    refused = runner.invoke(cli, ["seed"], env=environ)
    assert refused.exit_code != 0 and "VOTING_FC_CLIENT_SECRET est obligatoire" in refused.output


def test_seed_on_a_fresh_data_folder_as_make_fc_runs_it(tmp_path: Path) -> None:
    """`make fc` on a fresh clone runs seed before serve: seed must create what it writes into."""
    environ = fc_environ(tmp_path, VOTING_FC_CLIENT_SECRET="v" * 40, VOTING_URL="https://vote.example")
    result = CliRunner().invoke(cli, ["seed"], env=environ)
    assert result.exit_code == 0, result.output
    assert "espace-de-vote-elections (espace de vote) enregistré" in result.output
