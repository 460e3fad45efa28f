"""gunicorn settings shared by every service (``gunicorn -c shared/gunicorn_conf.py …``).

TLS from TLS_CERT_FILE / TLS_KEY_FILE, one context per worker; the access log shows the path
without its query string, because one-time links carry their token there (never log tokens).
"""

import os
import ssl
from collections.abc import Callable
from typing import Any

certfile = os.environ.get("TLS_CERT_FILE")
keyfile = os.environ.get("TLS_KEY_FILE")
workers = int(os.environ.get("WEB_WORKERS", "1"))
# 4 threads: on 2 cores, fewer threads spend less CPU per request on contention for the GIL (8 → 4:
# 5–10 % less CPU per sign-in, SSO and journey, and as many journeys per second; docs/performance.md),
# while a thread waiting on a slow relay or provider does not stop the worker.
threads = int(os.environ.get("WEB_THREADS", "4"))
worker_class = "gthread"
timeout = 60
keepalive = 2  # seconds an idle connection stays open (bench/driver.py lets go of it after 1 s)
graceful_timeout = 10
accesslog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss'
logger_class = "shared.gunicorn_log.AccessLog"  # builds only the atoms the format above uses
control_socket_disable = True

_tls_context: ssl.SSLContext | None = None


def ssl_context(conf: Any, default_ssl_context_factory: Callable[[], ssl.SSLContext]) -> ssl.SSLContext:
    """One TLS context per worker, not one per connection (gunicorn's default reads the key and
    certificate files for every connection, and a new context can resume no TLS session: every
    returning browser paid a full handshake). A new certificate is taken at the next restart or
    reload (SIGHUP), which starts new workers."""
    global _tls_context
    if _tls_context is None:
        _tls_context = default_ssl_context_factory()
    return _tls_context
