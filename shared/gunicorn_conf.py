"""gunicorn settings shared by every service (``gunicorn -c shared/gunicorn_conf.py …``).

TLS from TLS_CERT_FILE / TLS_KEY_FILE; the access log shows the path without its query string,
because one-time links carry their token there (never log tokens).
"""

import os

certfile = os.environ.get("TLS_CERT_FILE")
keyfile = os.environ.get("TLS_KEY_FILE")
workers = int(os.environ.get("WEB_WORKERS", "1"))
threads = int(os.environ.get("WEB_THREADS", "8"))
worker_class = "gthread"
timeout = 60
keepalive = 2  # seconds an idle connection stays open (bench/driver.py lets go of it after 1 s)
graceful_timeout = 10
accesslog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss'
control_socket_disable = True
