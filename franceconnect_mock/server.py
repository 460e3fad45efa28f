"""Serve the mock with gunicorn inside this process (``python -m franceconnect_mock serve``)."""

from __future__ import annotations

import os
from typing import Any

from gunicorn.app.base import BaseApplication

from shared import gunicorn_conf


class _Server(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            if value is not None:
                self.cfg.set(key, value)

    def load(self) -> Any:
        from franceconnect_mock import create_app

        return create_app()


def run(bind: str) -> None:
    """The shared gunicorn settings (TLS with one context per worker, threads, access log without
    query strings) on ``bind``."""
    options = {name: getattr(gunicorn_conf, name) for name in (
        "certfile", "keyfile", "workers", "threads", "worker_class", "timeout", "graceful_timeout",
        "accesslog", "access_log_format", "logger_class", "control_socket_disable", "ssl_context")}
    if not options["certfile"] or not os.path.isfile(options["certfile"]):
        raise SystemExit("TLS_CERT_FILE et TLS_KEY_FILE sont nécessaires (make certs les crée dans var/tls).")
    _Server({**options, "bind": bind}).run()
