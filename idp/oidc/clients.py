"""Reading and registering relying parties (registration by CLI or configuration only)."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from urllib.parse import urlsplit

from sqlalchemy import select

from idp.context import idp
from idp.oidc.models import AUTH_METHODS, OidcClient
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


def find_client(client_id: str) -> OidcClient | None:
    return idp().clients.find(client_id)


def register_client(db: Database, *, client_id: str, name: str, secret: str | None,
                    auth_method: str, redirect_uris: list[str], post_logout_redirect_uris: list[str],
                    backchannel_logout_uri: str | None = None, jwks: str | None = None,
                    scope: str = "openid profile email academie electeur", alg: str = "ES256") -> None:
    """Create or update a client (idempotent, so `make run` can call it every time)."""
    if auth_method not in AUTH_METHODS:
        raise ValueError(f"méthode d'authentification inconnue : {auth_method}")
    if auth_method != "private_key_jwt" and (not secret or len(secret) < 32):
        raise ValueError("un client confidentiel doit avoir un secret d'au moins 32 caractères")
    if alg not in ("ES256", "RS256"):
        raise ValueError("algorithme de signature : ES256 ou RS256")
    for uri in [*redirect_uris, *post_logout_redirect_uris, *filter(None, [backchannel_logout_uri])]:
        if not uri.startswith("https://"):
            raise ValueError(f"les adresses de retour doivent être en https : {uri}")
    with db.session() as s:
        client = s.get(OidcClient, client_id) or OidcClient(client_id=client_id)
        client.name = name
        client.secret_digest = hashlib.sha256(secret.encode()).hexdigest() if secret else None
        client.auth_method = auth_method
        client.redirect_uris = json.dumps(redirect_uris)
        client.post_logout_redirect_uris = json.dumps(post_logout_redirect_uris)
        client.backchannel_logout_uri = backchannel_logout_uri
        client.jwks = jwks
        client.scope = scope
        client.id_token_alg = alg
        s.merge(client)
