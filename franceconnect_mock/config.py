"""The mock's own settings (``FC_*``), read and checked once, when ``create_app`` builds the mock.

The common settings (secret, database, URLs) come from :func:`shared.settings.load_settings`;
this module reads the mock's own from them: issuer, platform, console password, ``sub`` secret,
error documentation, strictness. A wrong value stops the start with a French :class:`ConfigError`
naming the variable; everything else reads the typed :class:`FcConfig`, never the environment.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from franceconnect_mock.protocol.platforms import PLATFORMS, Platform
from shared.settings import ConfigError, Settings, check_secret, read_flag

MIN_CONSOLE_PASSWORD = 12
# Where the real service's error_uri points (partner documentation); the Y-code is appended.
DEFAULT_ERROR_DOC_URL = "https://docs.partenaires.franceconnect.gouv.fr/fs/fs-technique/fs-technique-erreurs/"


@dataclass(frozen=True)
class FcConfig:
    """What only the mock reads, already parsed and checked."""

    issuer: str  # https, no query or fragment, no trailing slash
    platform: Platform
    console_password: str | None  # None: the console is open (development and test only)
    sub_secret: str
    error_doc_url: str
    reject_unknown_parameters: bool
    production: bool

    @property
    def api_prefix(self) -> str:
        """The path of the issuer (``/api/v2``): every protocol endpoint lives under it."""
        return urlsplit(self.issuer).path.rstrip("/")

    def endpoint(self, name: str) -> str:
        return f"{self.issuer}/{name}"

    @property
    def console_open(self) -> bool:
        """Development and test only: the console needs no password (said on every page)."""
        return self.console_password is None


def load_fc_config(settings: Settings) -> FcConfig:
    """Read the ``FC_*`` variables of ``settings``; raise :class:`ConfigError` on a wrong one."""
    environ = settings.extra
    platform = _choice(environ, "FC_PLATFORM", "fcp-low", tuple(PLATFORMS))
    return FcConfig(
        issuer=_https_url(environ, "FC_ISSUER", f"{settings.fc_url}/api/v2").rstrip("/"),
        platform=PLATFORMS[platform],
        console_password=_console_password(environ, settings.is_production),
        sub_secret=_sub_secret(environ, settings),
        error_doc_url=_https_url(environ, "FC_ERROR_DOC_URL", DEFAULT_ERROR_DOC_URL),
        reject_unknown_parameters=read_flag(environ, "FC_REJECT_UNKNOWN_PARAMETERS", True),
        production=settings.is_production,
    )


def _https_url(environ: Mapping[str, str], name: str, default: str) -> str:
    value = environ.get(name) or default
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.hostname or parts.query or parts.fragment:
        raise ConfigError(f"{name} doit être une URL https:// sans requête (reçu {value!r}).")
    return value


def _choice(environ: Mapping[str, str], name: str, default: str, allowed: tuple[str, ...]) -> str:
    value = (environ.get(name) or default).strip().lower()
    if value not in allowed:
        raise ConfigError(f"{name} doit valoir {' ou '.join(allowed)} (reçu {value!r}).")
    return value


def _console_password(environ: Mapping[str, str], production: bool) -> str | None:
    password = environ.get("FC_CONSOLE_PASSWORD") or None
    if production and password is None:
        raise ConfigError("FC_CONSOLE_PASSWORD est obligatoire en production (console intégrateur).")
    if password is not None and len(password) < MIN_CONSOLE_PASSWORD:
        raise ConfigError(f"FC_CONSOLE_PASSWORD doit compter au moins {MIN_CONSOLE_PASSWORD} caractères.")
    return password


def _sub_secret(environ: Mapping[str, str], settings: Settings) -> str:
    """The secret of the pairwise ``sub``: FC_SUB_SECRET, else derived from FC_SECRET_KEY so that
    it survives restarts. Given, it is held to the rules of a secret key."""
    secret = environ.get("FC_SUB_SECRET") or None
    if secret is None:
        return hmac.new(settings.secret_key.encode(), b"franceconnect_mock:sub", hashlib.sha256).hexdigest()
    check_secret("FC_SUB_SECRET", secret, settings.is_production)
    return secret
