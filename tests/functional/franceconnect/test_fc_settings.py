"""A wrong FC_* setting stops the FranceConnect mock when the app is created, with a French
message that names the variable (issue 12, item 4): never at the first request that reads it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from franceconnect_mock import create_app
from shared.settings import ConfigError
from tests.support.settings import service_settings

BAD_VALUES = [
    ("FC_ISSUER", "http://localhost/api/v2", "doit être une URL https://"),
    ("FC_ISSUER", "https://localhost/api/v2?x=1", "doit être une URL https://"),
    ("FC_PLATFORM", "fcp-moyen", "doit valoir fcp-low ou fcp-high"),
    ("FC_CONSOLE_PASSWORD", "court", "doit compter au moins 12 caractères"),
    ("FC_SUB_SECRET", "trop-court", "doit compter au moins 32 caractères"),
    ("FC_ERROR_DOC_URL", "docs.partenaires.example/erreurs", "doit être une URL https://"),
    ("FC_ERROR_DOC_URL", "javascript:alert(1)", "doit être une URL https://"),
    ("FC_REJECT_UNKNOWN_PARAMETERS", "oui", "doit valoir true ou false"),
]


@pytest.mark.parametrize(("name", "value", "message"), BAD_VALUES)
def test_a_wrong_setting_stops_the_mock_at_creation(tmp_path: Path, name: str, value: str,
                                                   message: str) -> None:
    with pytest.raises(ConfigError, match=f"^{re.escape(name)} {re.escape(message)}"):
        create_app(service_settings("franceconnect_mock", tmp_path, **{name: value}))


def test_a_development_sub_secret_is_refused_in_production(tmp_path: Path) -> None:
    settings = service_settings("franceconnect_mock", tmp_path, ELECTIONS_ENV="production",
                                CAPTCHA_TEST_ANSWER="", SMTP_URL="smtps://relais.example:465",
                                SMS_API_URL="https://sms.example/api", FC_CONSOLE_PASSWORD="p" * 16,
                                FC_SECRET_KEY="s" * 40, FC_SUB_SECRET="dev-" + "x" * 40)
    with pytest.raises(ConfigError, match="^FC_SUB_SECRET est un secret de développement"):
        create_app(settings)


def test_the_checked_values_are_the_ones_the_mock_uses(tmp_path: Path) -> None:
    app = create_app(service_settings(
        "franceconnect_mock", tmp_path, FC_PLATFORM="fcp-high", FC_ISSUER="https://fc.example/api/v2/",
        FC_SUB_SECRET="s" * 32, FC_ERROR_DOC_URL="https://docs.example/erreurs",
        FC_REJECT_UNKNOWN_PARAMETERS="False", FC_CONSOLE_PASSWORD="mot-de-passe-long"))
    config = app.extensions["franceconnect_mock"].config
    assert (config.platform.name, config.issuer, config.api_prefix) == ("fcp-high", "https://fc.example/api/v2",
                                                                        "/api/v2")
    assert config.sub_secret == "s" * 32 and config.error_doc_url == "https://docs.example/erreurs"
    assert config.reject_unknown_parameters is False and config.console_password == "mot-de-passe-long"
