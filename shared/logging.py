"""One log format for every service; secrets are kept out by never passing them to a logger."""

from __future__ import annotations

import logging
import sys


def configure_logging(service: str, level: int = logging.INFO) -> None:
    """Log lines to stderr with the service name (gunicorn collects them)."""
    root = logging.getLogger()
    if any(getattr(h, "_elections", False) for h in root.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler._elections = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter(f"%(asctime)s {service} %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
