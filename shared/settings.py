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

from shared.election.results import RESULTS_FILE

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
    trace_database_url: str = ""
    trace_retention_hours: int = 72
    trace_max_events: int = 100_000
    inspector_enabled: bool = False
    proxy_hops: int = 0
    web_workers: int = 1
    # The election's published results (``<PREFIX>_RESULTS_FILE``): written by the voting space's
    # count, read by the portal's results page.
    results_file: Path = Path(RESULTS_FILE)
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


def read_int(environ: Mapping[str, str], name: str, default: int, minimum: int) -> int:
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


def read_file_path(environ: Mapping[str, str], name: str, default: Path) -> Path:
    """A file the service reads or writes: any path but an existing folder."""
    path = Path(environ.get(name) or default)
    if path.is_dir():
        raise ConfigError(f"{name} doit désigner un fichier, pas un dossier (reçu {str(path)!r}).")
    return path


def read_flag(environ: Mapping[str, str], name: str, default: bool) -> bool:
    raw = (environ.get(name) or "").strip().lower()
    if raw == "":
        return default
    if raw not in ("true", "false"):
        raise ConfigError(f"{name} doit valoir true ou false (reçu {raw!r}).")
    return raw == "true"


def trace_database_url(environ: Mapping[str, str], data_dir: Path | None = None) -> str:
    """The protocol trace store, one for every service: ``TRACE_DATABASE_URL`` or DATA_DIR/trace.db."""
    folder = data_dir or Path(environ.get("DATA_DIR", "var")).resolve()
    return environ.get("TRACE_DATABASE_URL") or f"sqlite:///{folder}/trace.db"


def read_https_url(environ: Mapping[str, str], name: str, default: str) -> str:
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

    idp_url = read_https_url(env_map, "IDP_URL", "https://localhost:5001")
    fc_url = read_https_url(env_map, "FC_URL", "https://localhost:5002")
    voting_url = read_https_url(env_map, "VOTING_URL", "https://localhost:5003")
    devbox_url = read_https_url(env_map, "DEVBOX_URL", "https://localhost:5004")
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
        session_idle_seconds=read_int(env_map, "SESSION_IDLE_SECONDS", 15 * 60, 60),
        session_absolute_seconds=read_int(env_map, "SESSION_ABSOLUTE_SECONDS", 8 * 3600, 300),
        argon2_memory_kib=read_int(env_map, "ARGON2_MEMORY_KIB", 19 * 1024, 19 * 1024),
        argon2_time_cost=read_int(env_map, "ARGON2_TIME_COST", 2, 2),
        argon2_parallelism=read_int(env_map, "ARGON2_PARALLELISM", 1, 1),
        trace_database_url=trace_database_url(env_map, data_dir),
        trace_retention_hours=read_int(env_map, "TRACE_RETENTION_HOURS", 72, 1),
        trace_max_events=read_int(env_map, "TRACE_MAX_EVENTS", 100_000, 100),
        inspector_enabled=read_flag(env_map, "INSPECTOR_ENABLED", default=env != "production"),
        proxy_hops=read_int(env_map, "TRUSTED_PROXY_HOPS", 0, 0),
        web_workers=read_int(env_map, "WEB_WORKERS", 1, 1),
        results_file=read_file_path(env_map, f"{prefix}_RESULTS_FILE", data_dir / RESULTS_FILE),
        extra={k: v for k, v in env_map.items() if k.startswith(f"{prefix}_")},
    )
    check_secret(f"{prefix}_SECRET_KEY", settings.secret_key, settings.is_production)
    _check_stores(settings)
    if settings.ca_bundle and not Path(settings.ca_bundle).is_file():
        raise ConfigError(f"CA_BUNDLE désigne un fichier absent : {settings.ca_bundle}")
    if settings.is_production:
        _check_production(settings)
    elif settings.captcha_test_answer and env != "test":
        raise ConfigError("CAPTCHA_TEST_ANSWER n'est accepté qu'avec ELECTIONS_ENV=test.")
    return settings


DATABASE_SCHEMES = ("sqlite:///", "postgresql+psycopg://")
KV_SCHEMES = ("redis://", "rediss://", "unix://")


def check_database_url(name: str, url: str) -> None:
    if url and not url.startswith(DATABASE_SCHEMES):
        raise ConfigError(f"{name} doit commencer par sqlite:/// ou postgresql+psycopg:// (psycopg 3).")


def _check_stores(settings: Settings) -> None:
    """Every store is named by a URL we can open; several processes never count in one's memory."""
    urls = {f"{SERVICE_PREFIX[settings.service]}_DATABASE_URL": settings.database_url,
            "TRACE_DATABASE_URL": settings.trace_database_url}
    for name, url in urls.items():
        check_database_url(name, url)
    if settings.kv_url not in ("sql", "memory://") and not settings.kv_url.startswith(KV_SCHEMES):
        raise ConfigError("KV_URL doit valoir sql, memory:// ou redis://… (rediss://, unix://).")
    if settings.ratelimit_url != "memory://" and not settings.ratelimit_url.startswith(KV_SCHEMES[:2]):
        raise ConfigError("RATELIMIT_STORAGE_URL doit valoir memory:// ou redis://… (rediss://).")
    # Several processes (gunicorn workers, or instances over PostgreSQL / Redis): counters and
    # short-lived state kept in one process's memory would be per process, so a rate limit would
    # be multiplied by the number of processes and a session would exist on one instance only.
    several = (settings.web_workers > 1 or settings.kv_url.startswith(KV_SCHEMES)
               or not settings.database_url.startswith("sqlite:///"))
    if several and settings.ratelimit_url == "memory://":
        raise ConfigError("RATELIMIT_STORAGE_URL=memory:// ne compte que dans un processus : avec plusieurs "
                          "processus ou instances (WEB_WORKERS > 1, PostgreSQL, KV_URL=redis://…), "
                          "indiquez redis://….")
    if several and settings.kv_url == "memory://":
        raise ConfigError("KV_URL=memory:// ne vaut que pour un processus : indiquez sql ou redis://….")


def check_secret(name: str, value: str, production: bool) -> None:
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
