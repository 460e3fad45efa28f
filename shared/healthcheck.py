"""Container health check: ``python -m shared.healthcheck PORT PUBLIC_URL``.

Connects to the service on localhost but verifies its certificate for the public host name,
against CA_BUNDLE or the system store: checking health never means turning TLS checks off.
"""

from __future__ import annotations

import http.client
import os
import socket
import ssl
import sys
from urllib.parse import urlsplit


def healthy(port: int, public_url: str) -> bool:
    context = ssl.create_default_context(cafile=os.environ.get("CA_BUNDLE") or None)
    host = urlsplit(public_url).hostname or "localhost"
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
        with context.wrap_socket(raw, server_hostname=host) as tls:
            connection = http.client.HTTPConnection(host, port)
            connection.sock = tls
            connection.request("GET", "/sante")
            return connection.getresponse().status == 200


if __name__ == "__main__":
    try:
        ok = healthy(int(sys.argv[1]), sys.argv[2])
    except (OSError, http.client.HTTPException) as error:
        print(f"hors service : {error}", file=sys.stderr)
        ok = False
    sys.exit(0 if ok else 1)
