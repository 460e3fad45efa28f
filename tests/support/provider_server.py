"""A stand-in OpenID provider over real HTTPS (mkcert certificate), served from a thread, that counts
the TLS connections it accepts and the requests it answers: what a provider sees of its clients.

It publishes discovery and a JWKS, redeems the codes a test hands out (``code_for(nonce)``) for an
ES256 ID token carrying that nonce (and ``id_token_extra``), and answers UserInfo (for
``userinfo_sub``). ``signer`` may be replaced (a key rotation); ``published`` lists the signers
whose keys the JWKS shows.
"""

from __future__ import annotations

import json
import secrets
import ssl
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from bench.stack import TLS
from tests.support.forgery import KeyHolder, id_token_claims

CLIENT_ID = "espace-de-vote"
SUB = "100001"


@dataclass
class StandInProvider:
    url: str = ""
    signer: KeyHolder = field(default_factory=KeyHolder)
    published: list[KeyHolder] = field(default_factory=list)
    connections: int = 0
    requests: Counter[str] = field(default_factory=Counter)
    cookie: str | None = None  # set on every answer when given
    cookies_received: list[str] = field(default_factory=list)
    id_token_extra: dict[str, Any] = field(default_factory=dict)  # claims the ID token carries too
    userinfo_sub: str = SUB
    _codes: dict[str, str] = field(default_factory=dict)

    def code_for(self, nonce: str) -> str:
        """An authorization code as the provider's authorize endpoint would give it."""
        code = secrets.token_urlsafe(16)
        self._codes[code] = nonce
        return code

    def answer(self, path: str, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        if path == "/.well-known/openid-configuration":
            return 200, {"issuer": self.url, "authorization_endpoint": f"{self.url}/authorize",
                         "token_endpoint": f"{self.url}/token", "userinfo_endpoint": f"{self.url}/userinfo",
                         "jwks_uri": f"{self.url}/jwks"}
        if path == "/jwks":
            return 200, {"keys": [holder.public_jwk("ES256") for holder in self.published or [self.signer]]}
        if path == "/token":
            nonce = self._codes.pop(form.get("code", ""), None)
            if nonce is None:
                return 400, {"error": "invalid_grant"}
            id_token = self.signer.sign(id_token_claims(self.url, CLIENT_ID, sub=SUB, nonce=nonce,
                                                         **self.id_token_extra))
            return 200, {"access_token": secrets.token_urlsafe(16), "token_type": "Bearer",
                         "expires_in": 60, "id_token": id_token}
        if path == "/userinfo":
            return 200, {"sub": self.userinfo_sub, "given_name": "Angèle", "family_name": "Fictive"}
        return 404, {"error": "not_found"}


def _handler(provider: StandInProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as gunicorn offers it

        def setup(self) -> None:
            super().setup()
            provider.connections += 1  # one per TLS connection accepted (handshake done)

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            self._respond({})

        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode()
            self._respond({k: v[0] for k, v in parse_qs(body).items()})

        def _respond(self, form: dict[str, str]) -> None:
            path = self.path.split("?")[0]
            provider.requests[path] += 1
            if self.headers.get("Cookie"):
                provider.cookies_received.append(self.headers["Cookie"])
            status, document = provider.answer(path, form)
            data = json.dumps(document).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            if provider.cookie:
                self.send_header("Set-Cookie", f"{provider.cookie}; Path=/; Secure")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
            return

    return Handler


@contextmanager
def stand_in_provider() -> Iterator[StandInProvider]:
    provider = StandInProvider()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(provider))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(TLS / "localhost.pem", TLS / "localhost-key.pem")
    server.socket = context.wrap_socket(server.socket, server_side=True)
    provider.url = f"https://localhost:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
