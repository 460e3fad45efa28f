"""Command line of devbox: ``python -m devbox smtp`` and ``python -m devbox web``."""

from __future__ import annotations

import logging
import os
import sys
from urllib.parse import urlsplit

import click

from devbox.smtp import build_controller, serve, tls_context
from devbox.store import MessageStore
from shared.cli import Refused
from shared.db import Database
from shared.settings import ConfigError, Settings, load_settings


def _settings() -> Settings:
    """devbox's settings, or a one-line error (production refused) instead of a traceback."""
    try:
        return load_settings("devbox")
    except ConfigError as error:
        raise Refused(str(error)) from error


@click.group()
def cli() -> None:
    """devbox: catches mail and SMS in development (refuses to start in production)."""


@cli.command()
@click.option("--host", envvar="DEVBOX_SMTP_HOST", default="127.0.0.1", show_default=True)
@click.option("--port", envvar="DEVBOX_SMTP_PORT", default=2525, type=int, show_default=True)
@click.option("--cert", envvar="TLS_CERT_FILE", type=click.Path(exists=True, dir_okay=False))
@click.option("--key", envvar="TLS_KEY_FILE", type=click.Path(exists=True, dir_okay=False))
def smtp(host: str, port: int, cert: str | None, key: str | None) -> None:
    """Catch mail over SMTP (STARTTLS when a certificate and key are given) until stopped."""
    if bool(cert) != bool(key):
        raise click.UsageError("TLS_CERT_FILE et TLS_KEY_FILE vont ensemble : donnez les deux.")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    settings = _settings()
    store = MessageStore(Database(settings.database_url))
    store.create_tables()
    serve(build_controller(store, host, port, tls_context(cert, key)))


@cli.command()
@click.option(
    "--cert", envvar="TLS_CERT_FILE", required=True, type=click.Path(exists=True, dir_okay=False)
)
@click.option(
    "--key", envvar="TLS_KEY_FILE", required=True, type=click.Path(exists=True, dir_okay=False)
)
def web(cert: str, key: str) -> None:
    """Serve the inbox and the SMS gateway over HTTPS with gunicorn, on DEVBOX_URL's port."""
    settings = _settings()  # validated here so errors show before gunicorn starts
    port = urlsplit(settings.public_url).port or 443
    argv = gunicorn_argv(cert, key, port)
    os.execvp(argv[0], argv)  # noqa: S606 (fixed argument list, no shell)


def gunicorn_argv(cert: str, key: str, port: int) -> list[str]:
    """The venv's gunicorn on loopback only; no access log, as inbox URLs hold addresses."""
    tls = ["--certfile", cert, "--keyfile", key]
    bind = ["--bind", f"127.0.0.1:{port}"]
    # gunicorn 27 (uv.lock) opens a control socket at one per-user path, shared by every service.
    control = ["--no-control-socket"]
    # Same working directory as `devbox smtp`, so a relative DATA_DIR names the same database.
    return [sys.executable, "-m", "gunicorn", *tls, *bind, *control, "devbox.wsgi:app"]


if __name__ == "__main__":
    cli()
