"""A wrong service setting stops the service when it starts, with a French message naming the
variable: never at the first vote, réassort or count (issue 12, item 4)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from idp import create_app as create_idp
from shared.settings import ConfigError, Settings
from tests.support.ballots import CLIENT_SECRET
from tests.support.settings import service_settings
from voting_rp import create_app as create_voting

FOLDER = "<dossier>"  # replaced by an existing folder: a path that names no file


def voting_settings(data_dir: Path, **overrides: str) -> Settings:
    environ = {"VOTING_OIDC_CLIENT_SECRET": CLIENT_SECRET, **overrides}
    return service_settings("voting_rp", data_dir, **environ)


BAD_VOTING_VALUES = [
    ("VOTING_PENDING_GRACE_SECONDS", "abc", "doit être un nombre entier"),
    ("VOTING_PENDING_GRACE_SECONDS", "-5", "doit valoir au moins 1"),
    ("VOTING_REASSORT_LINK_MINUTES", "trente", "doit être un nombre entier"),
    ("VOTING_REASSORT_LINK_MINUTES", "0", "doit valoir au moins 1"),
    ("VOTING_OIDC_CLIENT_SECRET", "trop-court", "doit compter au moins 32 caractères"),
    ("VOTING_FC_CLIENT_SECRET", "trop-court", "doit compter au moins 32 caractères"),
    ("VOTING_OIDC_CLIENT_ID", "espace de vote", "ne doit contenir ni espace"),
    ("VOTING_FC_CLIENT_ID", "client\tfc", "ne doit contenir ni espace"),
    ("VOTING_FC_ISSUER", "http://fc.example/api/v2", "doit être une URL https://"),
    ("VOTING_URNE_DATABASE_URL", "mysql://urne", "doit commencer par sqlite:/// ou postgresql+psycopg://"),
    ("VOTING_SEAL_KEY_FILE", FOLDER, "doit désigner un fichier, pas un dossier"),
    ("VOTING_RESULTS_FILE", FOLDER, "doit désigner un fichier, pas un dossier"),
    ("VOTING_TEST_PAUSE_AT", "ailleurs", "doit valoir apres-emargement"),
]


@pytest.mark.parametrize(("name", "value", "message"), BAD_VOTING_VALUES)
def test_a_wrong_voting_setting_stops_the_voting_space_at_start(tmp_path: Path, name: str, value: str,
                                                                message: str) -> None:
    value = str(tmp_path) if value == FOLDER else value
    with pytest.raises(ConfigError, match=f"^{re.escape(name)} {re.escape(message)}"):
        create_voting(voting_settings(tmp_path, **{name: value}))


def test_a_results_file_that_is_a_folder_stops_the_portal_at_start(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="^IDP_RESULTS_FILE doit désigner un fichier, pas un dossier"):
        create_idp(service_settings("idp", tmp_path, IDP_RESULTS_FILE=str(tmp_path)))


def test_the_checked_values_are_the_ones_the_voting_space_uses(tmp_path: Path) -> None:
    app = create_voting(voting_settings(
        tmp_path, VOTING_PENDING_GRACE_SECONDS="45", VOTING_REASSORT_LINK_MINUTES="12",
        VOTING_SEAL_KEY_FILE=str(tmp_path / "scellement.pem"), VOTING_RESULTS_FILE=str(tmp_path / "r.json"),
        VOTING_FC_CLIENT_SECRET="f" * 40, VOTING_FC_ISSUER="https://fc.example/api/v2/"))
    ctx = app.extensions["voting"]
    assert ctx.config.pending_grace == timedelta(seconds=45)
    assert ctx.config.reassort_link_minutes == 12
    assert ctx.config.seal_key_file == tmp_path / "scellement.pem"
    assert ctx.settings.results_file == tmp_path / "r.json"
    assert ctx.franceconnect.config.discovery_url == "https://fc.example/api/v2/.well-known/openid-configuration"


@pytest.mark.parametrize("name", ["VOTING_OIDC_CLIENT_SECRET", "VOTING_FC_CLIENT_SECRET"])
def test_a_development_client_secret_stops_the_voting_space_in_production(tmp_path: Path, name: str) -> None:
    production = {"ELECTIONS_ENV": "production", "CAPTCHA_TEST_ANSWER": "",
                  "SMTP_URL": "smtps://relais.elections.example:465",
                  "SMS_API_URL": "https://sms.elections.example/api/sms"}
    settings = voting_settings(tmp_path, **production, **{name: "dev-" + "x" * 40})
    with pytest.raises(ConfigError, match=f"^{name} est un secret de développement : refusé en production"):
        create_voting(settings)
