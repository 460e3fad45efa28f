"""Settings for tests: every service gets its own temporary data folder, never os.environ."""

from __future__ import annotations

from pathlib import Path

from bench.stack import stack_environ as test_environ
from shared.settings import Settings, load_settings


def service_settings(service: str, data_dir: Path, **overrides: str) -> Settings:
    return load_settings(service, test_environ(data_dir, **overrides))
