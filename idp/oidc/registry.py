"""The registered relying parties held in memory by each process of the provider."""

from __future__ import annotations

import threading
import time
from urllib.parse import urlsplit

from sqlalchemy import select

from idp.oidc.models import OidcClient
from shared.db import Database

# A registration or change made by the operators' CLI (another process) reaches every running
# instance within this delay; a client id never seen before is looked up in the database at once.
REFRESH_SECONDS = 5.0


class ClientRegistry:
    """The registered relying parties, held in memory and re-read every few seconds.

    Every authorization and token request needs its client: reading it from the database each
    time was several queries per sign-in. The registry is small (a few relying parties) and
    changes only through the CLI, so each process keeps a copy, read whole at most every
    :data:`REFRESH_SECONDS`. The objects are detached and only read, so threads share them.
    """

    def __init__(self, db: Database) -> None:
        self._db = db
        self._lock = threading.Lock()
        self._clients: dict[str, OidcClient] = {}
        self._origins: tuple[str, ...] = ()
        self._read_at = -REFRESH_SECONDS

    def _current(self) -> dict[str, OidcClient]:
        if time.monotonic() - self._read_at > REFRESH_SECONDS:
            with self._lock:
                if time.monotonic() - self._read_at > REFRESH_SECONDS:
                    self._load()
        return self._clients

    def _load(self) -> None:
        with self._db.session() as s:
            clients = {c.client_id: c for c in s.scalars(select(OidcClient))}
        uris = [u for c in clients.values() for u in [*c.redirect_uri_list, *c.post_logout_uri_list]]
        self._origins = tuple(sorted({f"{urlsplit(u).scheme}://{urlsplit(u).netloc}" for u in uris}))
        self._clients = clients
        self._read_at = time.monotonic()

    def find(self, client_id: str) -> OidcClient | None:
        client = self._current().get(client_id)
        if client is None and client_id:  # registered since the last read?
            with self._db.session() as s:
                if s.get(OidcClient, client_id) is not None:
                    with self._lock:
                        self._load()
            client = self._clients.get(client_id)
        return client

    def origins(self) -> tuple[str, ...]:
        """Origins of the registered redirect URIs (the CSP's form-action)."""
        self._current()
        return self._origins
