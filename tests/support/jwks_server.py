"""A service provider's ``jwks_uri``, served for real over HTTPS from a thread (mkcert certificate).

FranceConnect+ encrypts to the key published there and ``private_key_jwt`` assertions are checked
with it, so the mock must fetch it the way it would fetch a real client's: HTTPS, CA verified.
"""

from __future__ import annotations

import json
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from bench.stack import TLS


@dataclass
class PublishedKeys:
    """What the server publishes; tests may replace ``jwks`` (a client rotating its keys)."""

    jwks: dict[str, Any]
    url: str = ""
    hits: list[str] = field(default_factory=list)


@contextmanager
def serving_jwks(jwks: dict[str, Any]) -> Iterator[PublishedKeys]:
    published = PublishedKeys(jwks)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            published.hits.append(self.path)
            body = json.dumps(published.jwks).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(TLS / "localhost.pem", TLS / "localhost-key.pem")
    server.socket = context.wrap_socket(server.socket, server_side=True)
    published.url = f"https://localhost:{server.server_address[1]}/.well-known/jwks.json"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield published
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
