"""Reading and registering relying parties (registration by CLI or configuration only)."""

from __future__ import annotations

import hashlib
import json

from idp.context import idp
from idp.oidc.models import AUTH_METHODS, OidcClient
from shared.db import Database
from shared.oidc.jwt import ALLOWED_ALGS


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
    if alg not in ALLOWED_ALGS:  # what its relying party will verify ID tokens with
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
