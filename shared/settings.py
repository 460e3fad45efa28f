"""Configuration from the environment, validated at start (no fallback for secrets).

Every service calls :func:`load_settings` once in its ``create_app``; a missing or invalid
entry raises :class:`ConfigError` with a message naming the variable, and the service does
not start. ``ELECTIONS_ENV=production`` additionally refuses development secrets, the test
CAPTCHA switch and the devbox catchers (ANSSI: no test backdoor may reach production).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ENVIRONMENTS = ("development", "test", "production")
DEV_SECRET_PREFIX = "dev-"  # noqa: S105 - a prefix, not a secret
MIN_SECRET_LENGTH = 32

# Ports of the devbox catchers: production must never send mail or SMS there.
DEVBOX_PORTS = {2525, 5004}


class ConfigError(RuntimeError):
    """The environment does not describe a service that may start."""


@dataclass(frozen=True)
class Settings:
    """What one service needs to know, already parsed and checked."""

    service: str
    env: str
    secret_key: str
    public_url: str
    database_url: str
    data_dir: Path
    kv_url: str
    ratelimit_url: str
    smtp_url: str
    mail_from: str
    sms_api_url: str
    sms_api_token: str
    ca_bundle: str | None
    idp_url: str
    voting_url: str
    fc_url: str
    devbox_url: str
    captcha_test_answer: str | None = None
    captcha_voices_dir: Path | None = None
    session_idle_seconds: int = 15 * 60
    session_absolute_seconds: int = 8 * 3600
    argon2_memory_kib: int = 19 * 1024
    argon2_time_cost: int = 2
    argon2_parallelism: int = 1
    extra: Mapping[str, str] = field(default_factory=dict)

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def http_verify(self) -> str | bool:
        """What HTTP clients pass as ``verify``: the local CA bundle, or the system store."""
        return self.ca_bundle or True


def _get(environ: Mapping[str, str], name: str, default: str | None = None) -> str:
    value = environ.get(name, default)
    if value is None or value == "":
        raise ConfigError(f"La variable d'environnement {name} est obligatoire.")
    return value


def _int(environ: Mapping[str, str], name: str, default: int, minimum: int) -> int:
    raw = environ.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} doit être un nombre entier (reçu {raw!r}).") from exc
    if value < minimum:
        raise ConfigError(f"{name} doit valoir au moins {minimum}.")
    return value


def _https_url(environ: Mapping[str, str], name: str, default: str) -> str:
    value = _get(environ, name, default).rstrip("/")
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.hostname:
        raise ConfigError(f"{name} doit être une URL https:// (reçu {value!r}).")
    return value


def _points_at_devbox(url: str, devbox_url: str) -> bool:
    parts = urlsplit(url)
    devbox = urlsplit(devbox_url)
    if parts.hostname and devbox.hostname and parts.hostname == devbox.hostname:
        if parts.port == devbox.port:
            return True
    return parts.hostname in ("localhost", "127.0.0.1", "::1") and parts.port in DEVBOX_PORTS


SERVICE_PREFIX = {"idp": "IDP", "voting_rp": "VOTING", "franceconnect_mock": "FC", "devbox": "DEVBOX"}
DEFAULT_PORT = {"idp": 5001, "franceconnect_mock": 5002, "voting_rp": 5003, "devbox": 5004}


def load_settings(service: str, environ: Mapping[str, str] | None = None) -> Settings:
    """Read and validate the settings of ``service`` from ``environ`` (default ``os.environ``)."""
    env_map: Mapping[str, str] = os.environ if environ is None else environ
    prefix = SERVICE_PREFIX[service]
    env = env_map.get("ELECTIONS_ENV", "development")
    if env not in ENVIRONMENTS:
        raise ConfigError(f"ELECTIONS_ENV doit valoir {', '.join(ENVIRONMENTS)} (reçu {env!r}).")
    data_dir = Path(env_map.get("DATA_DIR", "var")).resolve()

    idp_url = _https_url(env_map, "IDP_URL", "https://localhost:5001")
    fc_url = _https_url(env_map, "FC_URL", "https://localhost:5002")
    voting_url = _https_url(env_map, "VOTING_URL", "https://localhost:5003")
    devbox_url = _https_url(env_map, "DEVBOX_URL", "https://localhost:5004")
    public_url = {"idp": idp_url, "franceconnect_mock": fc_url, "voting_rp": voting_url,
                  "devbox": devbox_url}[service]

    settings = Settings(
        service=service,
        env=env,
        secret_key=_get(env_map, f"{prefix}_SECRET_KEY"),
        public_url=public_url,
        database_url=env_map.get(f"{prefix}_DATABASE_URL") or f"sqlite:///{data_dir}/{service}.db",
        data_dir=data_dir,
        kv_url=env_map.get("KV_URL") or "sql",
        ratelimit_url=env_map.get("RATELIMIT_STORAGE_URL") or "memory://",
        smtp_url=_get(env_map, "SMTP_URL", "smtp+starttls://localhost:2525"),
        mail_from=_get(env_map, "MAIL_FROM", "Elections Professionnelles <ne-pas-repondre@elections.test>"),
        sms_api_url=_get(env_map, "SMS_API_URL", f"{devbox_url}/api/sms"),
        sms_api_token=env_map.get("SMS_API_TOKEN", ""),
        ca_bundle=env_map.get("CA_BUNDLE") or None,
        idp_url=idp_url,
        voting_url=voting_url,
        fc_url=fc_url,
        devbox_url=devbox_url,
        captcha_test_answer=env_map.get("CAPTCHA_TEST_ANSWER") or None,
        captcha_voices_dir=Path(env_map.get("CAPTCHA_VOICES_DIR") or data_dir / "captcha-voices"),
        session_idle_seconds=_int(env_map, "SESSION_IDLE_SECONDS", 15 * 60, 60),
        session_absolute_seconds=_int(env_map, "SESSION_ABSOLUTE_SECONDS", 8 * 3600, 300),
        argon2_memory_kib=_int(env_map, "ARGON2_MEMORY_KIB", 19 * 1024, 19 * 1024),
        argon2_time_cost=_int(env_map, "ARGON2_TIME_COST", 2, 2),
        argon2_parallelism=_int(env_map, "ARGON2_PARALLELISM", 1, 1),
        extra={k: v for k, v in env_map.items() if k.startswith(f"{prefix}_")},
    )
    _check_secret(f"{prefix}_SECRET_KEY", settings.secret_key, settings.is_production)
    if settings.ca_bundle and not Path(settings.ca_bundle).is_file():
        raise ConfigError(f"CA_BUNDLE désigne un fichier absent : {settings.ca_bundle}")
    if settings.is_production:
        _check_production(settings)
    elif settings.captcha_test_answer and env != "test":
        raise ConfigError("CAPTCHA_TEST_ANSWER n'est accepté qu'avec ELECTIONS_ENV=test.")
    return settings


def _check_secret(name: str, value: str, production: bool) -> None:
    if len(value) < MIN_SECRET_LENGTH:
        raise ConfigError(f"{name} doit compter au moins {MIN_SECRET_LENGTH} caractères.")
    if production and value.startswith(DEV_SECRET_PREFIX):
        raise ConfigError(f"{name} est un secret de développement : refusé en production.")


def _check_production(settings: Settings) -> None:
    """Refuse every development or test switch (STYLE: no dev helper may run in production)."""
    if settings.captcha_test_answer:
        raise ConfigError("CAPTCHA_TEST_ANSWER est interdit en production.")
    if settings.service == "devbox":
        raise ConfigError("devbox est un outil de développement : il ne démarre pas en production.")
    for name, url in (("SMTP_URL", settings.smtp_url), ("SMS_API_URL", settings.sms_api_url)):
        if _points_at_devbox(url, settings.devbox_url):
            raise ConfigError(f"{name} pointe vers devbox : interdit en production.")
    if urlsplit(settings.smtp_url).scheme == "smtp":
        raise ConfigError("SMTP_URL doit chiffrer (smtps:// ou smtp+starttls://) en production.")
