"""What the FranceConnect mock reads from its ``FC_*`` variables, checked once at start.

The common settings (secret, database, URLs) come from :func:`shared.settings.load_settings`;
this module adds the mock's own: issuer, platform, console password, ``sub`` secret.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from urllib.parse import urlsplit

from franceconnect_mock.protocol.platforms import PLATFORMS, Platform
from shared.settings import ConfigError, Settings

MIN_CONSOLE_PASSWORD = 12
# Where the real service's error_uri points (partner documentation); the Y-code is appended.
DEFAULT_ERROR_DOC_URL = "https://docs.partenaires.franceconnect.gouv.fr/fs/fs-technique/fs-technique-erreurs/"


@dataclass(frozen=True)
class FcConfig:
    issuer: str
    platform: Platform
    console_password: str | None
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


def _derived_secret(secret_key: str, purpose: str) -> str:
    """A secret for one purpose, derived from FC_SECRET_KEY so that it survives restarts."""
    return hmac.new(secret_key.encode(), f"franceconnect_mock:{purpose}".encode(), hashlib.sha256).hexdigest()


def load_fc_config(settings: Settings) -> FcConfig:
    """Read the ``FC_*`` variables the mock adds to the shared settings."""
    extra = settings.extra
    issuer = (extra.get("FC_ISSUER") or f"{settings.fc_url}/api/v2").rstrip("/")
    parts = urlsplit(issuer)
    if parts.scheme != "https" or not parts.hostname or parts.query or parts.fragment:
        raise ConfigError(f"FC_ISSUER doit être une URL https:// sans requête (reçu {issuer!r}).")
    platform_name = extra.get("FC_PLATFORM") or "fcp-low"
    if platform_name not in PLATFORMS:
        raise ConfigError(f"FC_PLATFORM doit valoir {' ou '.join(PLATFORMS)} (reçu {platform_name!r}).")
    password = extra.get("FC_CONSOLE_PASSWORD") or None
    if settings.is_production and password is None:
        raise ConfigError("FC_CONSOLE_PASSWORD est obligatoire en production (console intégrateur).")
    if password is not None and len(password) < MIN_CONSOLE_PASSWORD:
        raise ConfigError(f"FC_CONSOLE_PASSWORD doit compter au moins {MIN_CONSOLE_PASSWORD} caractères.")
    unknown = extra.get("FC_REJECT_UNKNOWN_PARAMETERS", "true").lower()
    if unknown not in ("true", "false"):
        raise ConfigError("FC_REJECT_UNKNOWN_PARAMETERS doit valoir true ou false.")
    return FcConfig(
        issuer=issuer,
        platform=PLATFORMS[platform_name],
        console_password=password,
        sub_secret=extra.get("FC_SUB_SECRET") or _derived_secret(settings.secret_key, "sub"),
        error_doc_url=extra.get("FC_ERROR_DOC_URL") or DEFAULT_ERROR_DOC_URL,
        reject_unknown_parameters=unknown == "true",
        production=settings.is_production,
    )
