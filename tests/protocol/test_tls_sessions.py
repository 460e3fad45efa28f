"""TLS between the services and their clients: a returning client resumes its TLS session.

A voter's browser comes back after more than the 2 s keep-alive between two pages, a relying party
between two token requests: each time a new connection. With the session ticket of its previous
connection (RFC 8446 §2.2) it skips the server's certificate signature of a full handshake. The
services serve TLS themselves (gunicorn, shared/gunicorn_conf.py), and so does the FranceConnect
mock's own ``serve`` command.
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from bench.stack import CA, Stack
from tests.support.fc_stack import FcProcess, start_franceconnect


def get_sante(url: str, context: ssl.SSLContext,
              session: ssl.SSLSession | None = None) -> tuple[ssl.SSLSession | None, bool]:
    """GET /sante on a new connection offering ``session``: the connection's session (its ticket
    for the next) and whether the server resumed the one offered."""
    host, port = urlsplit(url).hostname, urlsplit(url).port
    assert host and port
    with context.wrap_socket(socket.create_connection((host, port), timeout=10), server_hostname=host,
                             session=session) as tls:
        tls.sendall(f"GET /sante HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n".encode())
        answer = b""
        while chunk := tls.recv(65536):  # the session ticket arrives after the handshake
            answer += chunk
        assert answer.startswith(b"HTTP/1.1 200 "), answer[:100]
        return tls.session, bool(tls.session_reused)


def assert_resumes(url: str) -> None:
    context = ssl.create_default_context(cafile=str(CA))
    first, resumed = get_sante(url, context)
    assert first is not None and not resumed
    second, resumed = get_sante(url, context, first)
    assert resumed
    assert get_sante(url, context, second)[1]  # and again, from the second connection's ticket


@pytest.fixture(scope="module")
def fc_served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FcProcess]:
    running = start_franceconnect(tmp_path_factory.mktemp("fc-tls"))
    yield running
    running.stop()


@pytest.mark.parametrize("service", ["idp_url", "voting_url", "fc_url"])
def test_a_returning_client_resumes_its_tls_session(live_stack: Stack, service: str) -> None:
    assert_resumes(getattr(live_stack, service))


def test_the_franceconnect_mock_served_by_its_own_command_resumes_too(fc_served: FcProcess) -> None:
    assert_resumes(fc_served.url)  # python -m franceconnect_mock serve: gunicorn inside the process
