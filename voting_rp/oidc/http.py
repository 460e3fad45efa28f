"""The HTTPS client of one provider: built once per process, shared by its threads, kept alive.

Every exchange with a provider (discovery, JWKS, token, UserInfo) goes through it, so an SSO into
the voting space reuses an open connection instead of paying a TLS handshake on both sides, and
the CA bundle is read once into one SSL context instead of once per new connection (the certifi
bundle alone costs some 45 ms of CPU to load). Trust is that context and nothing else: the
``verify`` a request carries, or REQUESTS_CA_BUNDLE in the environment, cannot replace it.

The trace's outbound hook sees every exchange as it went on the wire (shared/trace/outbound.py).
"""

from __future__ import annotations

import ssl
import time
from http.cookiejar import DefaultCookiePolicy
from typing import Any

import requests
import requests.certs
from requests.adapters import HTTPAdapter
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from shared.trace import trace_response

TIMEOUT = (5.0, 10.0)  # seconds to connect, seconds to wait for each read: no request hangs a thread
POOL_SIZE = 16  # connections kept per provider host: above a worker's threads (WEB_THREADS, 4 by default)
# gunicorn closes a connection idle for 2 s (its keepalive). Letting go of ours after 1 s keeps a
# token request from leaving on a socket the server is closing at that instant: its code is single
# use, so it could not be sent again (bench/driver.py does the same for the same reason).
IDLE_SECONDS = 1.0


def trust(verify: str | bool) -> ssl.SSLContext:
    """The provider's SSL context: the configured CA bundle (or certifi's, like requests), read once."""
    if verify is False:
        raise ValueError("HTTPS vers un fournisseur sans vérification du certificat : refusé")
    return ssl.create_default_context(cafile=verify if isinstance(verify, str) else requests.certs.where())


class _LetsGoOfIdle:
    """A connection pool that closes a connection idle for more than IDLE_SECONDS before reuse."""

    def _put_conn(self, conn: Any) -> None:
        if conn is not None:
            conn.idle_since = time.monotonic()
        super()._put_conn(conn)  # type: ignore[misc]

    def _get_conn(self, timeout: float | None = None) -> Any:
        conn = super()._get_conn(timeout)  # type: ignore[misc]
        idle_since = getattr(conn, "idle_since", None)
        if idle_since is not None and time.monotonic() - idle_since > IDLE_SECONDS:
            conn.close()  # urllib3 opens it again on use, as it does for a dropped one
        return conn


class _HTTPPool(_LetsGoOfIdle, HTTPConnectionPool):
    pass


class _HTTPSPool(_LetsGoOfIdle, HTTPSConnectionPool):
    pass


class ProviderAdapter(HTTPAdapter):
    """Pooled, kept-alive connections that trust one SSL context, loaded once."""

    def __init__(self, context: ssl.SSLContext) -> None:
        self._context = context
        super().__init__(pool_connections=4, pool_maxsize=POOL_SIZE, max_retries=0)

    def init_poolmanager(self, connections: int, maxsize: int, block: bool = False,
                         **pool_kwargs: Any) -> None:
        super().init_poolmanager(connections, maxsize, block, ssl_context=self._context, **pool_kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}

    def build_connection_pool_key_attributes(self, request: requests.PreparedRequest, verify: Any,
                                             cert: Any = None) -> tuple[dict[str, Any], dict[str, Any]]:
        host, pool = super().build_connection_pool_key_attributes(request, verify, cert)
        pool.pop("ca_certs", None)
        pool.pop("ca_cert_dir", None)
        pool["ssl_context"] = self._context
        return host, pool

    def cert_verify(self, conn: Any, url: str, verify: Any, cert: Any) -> None:
        super().cert_verify(conn, url, verify, cert)
        conn.ca_certs = conn.ca_cert_dir = None  # else each new connection reads the file again


def provider_session(verify: str | bool) -> requests.Session:
    """The one client of a provider; its responses go to the trace, its cookies nowhere."""
    http = requests.Session()
    adapter = ProviderAdapter(trust(verify))
    http.mount("https://", adapter)
    http.mount("http://", adapter)
    # Shared by every voter's requests: a cookie set in answer to one must not go out with another.
    http.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
    http.hooks["response"].append(trace_response)
    return http
