"""Settings for tests: every service gets its own temporary data folder, never os.environ."""

from __future__ import annotations

import secrets
from pathlib import Path

from shared.settings import Settings, load_settings


def test_environ(data_dir: Path, **overrides: str) -> dict[str, str]:
    """The environment of a test stack (secrets random, test mode, test CAPTCHA answer)."""
    environ = {
        "ELECTIONS_ENV": "test",
        "CAPTCHA_TEST_ANSWER": "424242",
        "DATA_DIR": str(data_dir),
        "IDP_SECRET_KEY": secrets.token_urlsafe(32),
        "VOTING_SECRET_KEY": secrets.token_urlsafe(32),
        "FC_SECRET_KEY": secrets.token_urlsafe(32),
        "DEVBOX_SECRET_KEY": secrets.token_urlsafe(32),
        "SMS_API_TOKEN": secrets.token_urlsafe(16),
    }
    environ.update(overrides)
    return environ


def service_settings(service: str, data_dir: Path, **overrides: str) -> Settings:
    return load_settings(service, test_environ(data_dir, **overrides))
