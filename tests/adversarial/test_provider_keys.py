"""How the voting space finds the portal's keys: a token naming an unknown ``kid`` makes it fetch
the JWKS once more (a rotation it had not seen), and never more than once per 30 seconds (an
attacker cannot turn forged kids into a flood of requests). HTTPS to the portal trusts exactly the
configured CA, whatever the process environment says.

A small local HTTP server plays the provider's discovery and JWKS documents, counting requests.
Where a test needs the 30 seconds to have passed, it sets the window to zero instead of waiting.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from bench.stack import CA, Stack
from tests.support.forgery import KeyHolder
from voting_rp.oidc import provider as provider_module
from voting_rp.oidc.errors import LoginError
from voting_rp.oidc.provider import Provider, ProviderConfig


class KeyServer:
    """Discovery + JWKS over loopback HTTP; ``keys`` can change, ``jwks_requests`` counts fetches."""

    def __init__(self) -> None:
        self.keys: list[dict[str, Any]] = []
        self.jwks_requests = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                if self.path == "/jwks":
                    server.jwks_requests += 1
                    body: dict[str, Any] = {"keys": server.keys}
                else:
                    body = {"issuer": server.url, "jwks_uri": f"{server.url}/jwks"}
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def provider(self) -> Provider:
        return Provider(ProviderConfig("portail", f"{self.url}/.well-known/openid-configuration",
                                       "espace-de-vote", "s" * 32, "client_secret_basic",
                                       "https://localhost/cb", "openid", True))


@pytest.fixture
def key_server() -> Iterator[KeyServer]:
    served = KeyServer()
    thread = threading.Thread(target=served.httpd.serve_forever, daemon=True)
    thread.start()
    yield served
    served.httpd.shutdown()
    served.httpd.server_close()
    thread.join(timeout=5)


@pytest.fixture
def window_elapsed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(provider_module, "JWKS_MIN_REFETCH_SECONDS", 0)


@pytest.mark.usefixtures("window_elapsed")
def test_unknown_kid_is_fetched_once_more_then_refused(key_server: KeyServer) -> None:
    holder = KeyHolder()
    key_server.keys = [holder.public_jwk("ES256")]
    provider = key_server.provider()
    assert provider.key_for(holder.kid("ES256"))["kid"] == holder.kid("ES256")
    assert key_server.jwks_requests == 1
    with pytest.raises(LoginError, match="clé de signature inconnue"):
        provider.key_for("kid-forgé")
    assert key_server.jwks_requests == 2


def test_forged_kids_do_not_flood_the_provider(key_server: KeyServer) -> None:
    key_server.keys = [KeyHolder().public_jwk("ES256")]
    provider = key_server.provider()
    for attempt in range(20):
        with pytest.raises(LoginError):
            provider.key_for(f"kid-forgé-{attempt}")
    assert key_server.jwks_requests == 2  # the first fetch, one refetch, then none for 30 s


def test_a_key_published_after_the_first_fetch_is_found(key_server: KeyServer) -> None:
    old, new = KeyHolder(), KeyHolder()
    key_server.keys = [old.public_jwk("ES256")]
    provider = key_server.provider()
    provider.key_for(old.kid("ES256"))
    key_server.keys = [old.public_jwk("ES256"), new.public_jwk("ES256")]  # the provider rotated
    assert provider.key_for(new.kid("ES256"))["kid"] == new.kid("ES256")


def test_the_configured_ca_is_trusted_whatever_the_environment_says(
        live_stack: Stack, monkeypatch: pytest.MonkeyPatch) -> None:
    """REQUESTS_CA_BUNDLE (set by many container images) must not replace the configured CA."""
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
    monkeypatch.setenv("CURL_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
    provider = Provider(ProviderConfig(
        "portail", f"{live_stack.idp_url}/.well-known/openid-configuration", "espace-de-vote", "s" * 32,
        "client_secret_basic", f"{live_stack.voting_url}/auth/portail/callback", "openid", str(CA)))
    assert provider.issuer == live_stack.idp_url
    assert provider.jwks()["keys"]
    with pytest.raises(LoginError, match="invalid_grant|invalid_client"):
        provider.exchange("code-inventé", "v" * 43)
