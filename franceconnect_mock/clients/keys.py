"""The public keys a client publishes (``jwks_uri``) or registered inline (``jwks``).

FranceConnect+ encrypts to the key at the client's ``jwks_uri``; ``private_key_jwt`` assertions
are verified with it. Fetched over HTTPS with the configured CA bundle, cached a minute, and
refetched at once when a ``kid`` is unknown (the client may have rotated).
"""

from __future__ import annotations

import threading
import time

import requests
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from franceconnect_mock.clients.store import Client

CACHE_SECONDS = 60
TIMEOUT_SECONDS = 5
MAX_BYTES = 64 * 1024


class ClientKeysUnavailable(LookupError):
    """The client's keys could not be fetched or read."""


class ClientKeys:
    def __init__(self, verify: str | bool) -> None:
        self._verify = verify
        self._cache: dict[str, tuple[float, KeySet]] = {}
        self._lock = threading.Lock()

    def for_client(self, client: Client, *, refresh: bool = False) -> KeySet:
        if client.jwks:
            return KeySet.import_key_set(client.jwks)  # type: ignore[arg-type]
        if not client.jwks_uri:
            raise ClientKeysUnavailable(f"{client.client_id} n'a ni jwks_uri ni jwks")
        with self._lock:
            cached = self._cache.get(client.jwks_uri)
        if cached and not refresh and time.monotonic() - cached[0] < CACHE_SECONDS:
            return cached[1]
        keys = self._fetch(client.jwks_uri)
        with self._lock:
            self._cache[client.jwks_uri] = (time.monotonic(), keys)
        return keys

    def _fetch(self, uri: str) -> KeySet:
        try:
            response = requests.get(uri, timeout=TIMEOUT_SECONDS, verify=self._verify,
                                    headers={"Accept": "application/json"})
            response.raise_for_status()
            if len(response.content) > MAX_BYTES:
                raise ClientKeysUnavailable(f"{uri} : JWKS de plus de {MAX_BYTES} octets")
            return KeySet.import_key_set(response.json())
        except (requests.RequestException, ValueError, JoseError, KeyError, TypeError) as exc:
            raise ClientKeysUnavailable(f"{uri} : {exc}") from exc
