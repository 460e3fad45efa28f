"""The registrations every installation starts with: the voting space and a demo service provider."""

from __future__ import annotations

from typing import Any

from franceconnect_mock.clients.registration import RegistrationError
from franceconnect_mock.context import FcMock

VOTING_CLIENT_NAME = ("Elections professionnelles 2022 des Ministères éducation - jeunesse - recherche"
                      " - sports")
DEMO_CLIENT_ID = "demo-fs"


def voting_registration(client_id: str, secret: str, voting_url: str) -> dict[str, Any]:
    """The voting space: private (consent), FranceConnect v2, ES256, ``openid identite_pivot email``."""
    return {"client_id": client_id, "name": VOTING_CLIENT_NAME,
            "redirect_uris": [f"{voting_url}/reassort/franceconnect/callback"],
            "post_logout_redirect_uris": [f"{voting_url}/reassort/franceconnect/deconnexion"],
            "scopes": ["openid", "identite_pivot", "email"], "claims": [], "signing_alg": "ES256",
            "kind": "private", "platform": "fcp-low", "token_endpoint_auth_method": "client_secret_post",
            "client_secret": secret}


def demo_registration() -> dict[str, Any]:
    """A public v2 client (whatever the instance's platform) on a loopback callback, for any OIDC library."""
    return {"client_id": DEMO_CLIENT_ID, "name": "Service de démonstration",
            "redirect_uris": ["http://localhost:3000/callback", "https://localhost:3000/callback"],
            "post_logout_redirect_uris": ["http://localhost:3000/", "https://localhost:3000/"],
            "scopes": ["openid", "identite_pivot", "email", "preferred_username", "idp_birthdate", "amr",
                       "idp_id"], "claims": ["amr"], "signing_alg": "ES256", "kind": "public",
            "platform": "fcp-low",
            "token_endpoint_auth_method": "client_secret_post"}


def seed(ctx: FcMock, voting_client_id: str, voting_secret: str) -> list[str]:
    """Register (or bring up to date) the voting space, and create the demo client once."""
    messages = []
    voting = voting_registration(voting_client_id, voting_secret, ctx.settings.voting_url)
    if ctx.clients.get(voting_client_id) is None:
        ctx.clients.register(voting)
        messages.append(f"Client {voting_client_id} (espace de vote) enregistré.")
    else:
        ctx.clients.update(voting_client_id, {k: v for k, v in voting.items() if k != "client_id"})
        messages.append(f"Client {voting_client_id} (espace de vote) mis à jour.")
    if ctx.clients.get(DEMO_CLIENT_ID) is None:
        _, secret = ctx.clients.register(demo_registration())
        messages.append(f"Client {DEMO_CLIENT_ID} enregistré ; secret (affiché une seule fois) : {secret}")
    return messages


__all__ = ["RegistrationError", "seed"]
