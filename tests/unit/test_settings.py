"""Settings are read from the environment and checked at start; production refuses test switches."""

from __future__ import annotations

import secrets

import pytest

from shared.settings import ConfigError, load_settings

CLEAN_PRODUCTION = {
    "ELECTIONS_ENV": "production",
    "IDP_URL": "https://portail.elections.example.org",
    "DEVBOX_URL": "https://devbox.elections.example.org",
    "SMTP_URL": "smtps://relais.example.org:465",
    "SMS_API_URL": "https://sms.example.org/api/envoi",
}


@pytest.fixture
def environ(tmp_path) -> dict[str, str]:
    """A valid test environment for the idp; each test breaks one entry."""
    return {"ELECTIONS_ENV": "test", "DATA_DIR": str(tmp_path),
            "IDP_SECRET_KEY": secrets.token_urlsafe(32)}


@pytest.fixture
def production(environ) -> dict[str, str]:
    return {**environ, **CLEAN_PRODUCTION}


def refused(environ: dict[str, str]) -> str:
    with pytest.raises(ConfigError) as caught:
        load_settings("idp", environ)
    return str(caught.value)


def test_a_valid_test_environment_loads(environ, tmp_path):
    settings = load_settings("idp", environ)
    assert settings.env == "test" and not settings.is_production
    assert settings.public_url == "https://localhost:5001"
    assert settings.database_url == f"sqlite:///{tmp_path.resolve()}/idp.db"
    assert settings.captcha_test_answer is None


def test_the_secret_key_is_required(environ):
    del environ["IDP_SECRET_KEY"]
    assert "IDP_SECRET_KEY" in refused(environ)


def test_an_empty_secret_key_counts_as_missing(environ):
    environ["IDP_SECRET_KEY"] = ""
    assert "IDP_SECRET_KEY est obligatoire" in refused(environ)


def test_a_short_secret_key_is_refused(environ):
    environ["IDP_SECRET_KEY"] = "k" * 31
    assert "au moins 32 caractères" in refused(environ)
    environ["IDP_SECRET_KEY"] = "k" * 32
    assert load_settings("idp", environ).secret_key == "k" * 32


@pytest.mark.parametrize("url", ["http://localhost:5001", "localhost:5001", "https://", "ftp://x.fr"])
def test_service_urls_must_be_https(environ, url):
    environ["IDP_URL"] = url
    assert "IDP_URL doit être une URL https://" in refused(environ)


def test_an_unknown_environment_is_refused(environ):
    environ["ELECTIONS_ENV"] = "staging"
    assert "ELECTIONS_ENV" in refused(environ)


@pytest.mark.parametrize(("name", "value", "message"), [
    ("SESSION_IDLE_SECONDS", "quinze", "SESSION_IDLE_SECONDS doit être un nombre entier"),
    ("SESSION_IDLE_SECONDS", "59", "SESSION_IDLE_SECONDS doit valoir au moins 60"),
    ("ARGON2_MEMORY_KIB", "1024", "ARGON2_MEMORY_KIB doit valoir au moins 19456"),
    ("ARGON2_TIME_COST", "1", "ARGON2_TIME_COST doit valoir au moins 2"),
])
def test_numbers_are_checked(environ, name, value, message):
    environ[name] = value
    assert message in refused(environ)


def test_the_test_captcha_is_accepted_in_test_mode(environ):
    environ["CAPTCHA_TEST_ANSWER"] = "424242"
    assert load_settings("idp", environ).captcha_test_answer == "424242"


def test_the_test_captcha_is_refused_in_development(environ):
    environ.update(ELECTIONS_ENV="development", CAPTCHA_TEST_ANSWER="424242")
    assert "CAPTCHA_TEST_ANSWER n'est accepté qu'avec ELECTIONS_ENV=test" in refused(environ)


def test_development_accepts_a_dev_secret(environ):
    environ.update(ELECTIONS_ENV="development", IDP_SECRET_KEY="dev-" + "x" * 40)
    assert load_settings("idp", environ).env == "development"


def test_production_accepts_a_clean_configuration(production):
    settings = load_settings("idp", production)
    assert settings.is_production
    assert settings.public_url == "https://portail.elections.example.org"
    assert settings.smtp_url == "smtps://relais.example.org:465"


def test_production_accepts_starttls(production):
    production["SMTP_URL"] = "smtp+starttls://relais.example.org:587"
    assert load_settings("idp", production).smtp_url == "smtp+starttls://relais.example.org:587"


def test_production_refuses_a_development_secret(production):
    production["IDP_SECRET_KEY"] = "dev-" + "x" * 40
    assert "secret de développement" in refused(production)


def test_production_refuses_the_test_captcha(production):
    production["CAPTCHA_TEST_ANSWER"] = "424242"
    assert "CAPTCHA_TEST_ANSWER est interdit en production" in refused(production)


@pytest.mark.parametrize("url", ["smtp+starttls://localhost:2525", "smtps://127.0.0.1:2525",
                                 "smtps://devbox.elections.example.org"])
def test_production_refuses_to_mail_through_devbox(production, url):
    production["SMTP_URL"] = url
    assert "SMTP_URL pointe vers devbox" in refused(production)


def test_production_refuses_the_default_smtp_url_which_is_devbox(production):
    del production["SMTP_URL"]
    assert "SMTP_URL pointe vers devbox" in refused(production)


@pytest.mark.parametrize("url", ["https://devbox.elections.example.org/api/sms",
                                 "https://localhost:5004/api/sms"])
def test_production_refuses_to_send_sms_through_devbox(production, url):
    production["SMS_API_URL"] = url
    assert "SMS_API_URL pointe vers devbox" in refused(production)


def test_production_refuses_the_default_sms_url_which_is_devbox(production):
    del production["SMS_API_URL"]
    assert "SMS_API_URL pointe vers devbox" in refused(production)


def test_production_refuses_unencrypted_smtp(production):
    production["SMTP_URL"] = "smtp://relais.example.org:25"
    assert "SMTP_URL doit chiffrer" in refused(production)


def test_devbox_does_not_start_in_production(production):
    production["DEVBOX_SECRET_KEY"] = secrets.token_urlsafe(32)
    with pytest.raises(ConfigError, match="devbox est un outil de développement"):
        load_settings("devbox", production)


def test_a_missing_ca_bundle_file_is_refused(environ, tmp_path):
    environ["CA_BUNDLE"] = str(tmp_path / "absent.pem")
    assert "CA_BUNDLE" in refused(environ)
