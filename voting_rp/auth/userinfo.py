"""Reading UserInfo with the access token (the ID token already proved who the voter is)."""

from __future__ import annotations

from typing import Any

import requests

from voting_rp.auth.errors import LoginError
from voting_rp.auth.provider import Provider


def fetch(provider: Provider, access_token: str, sub: str) -> dict[str, Any]:
    try:
        response = requests.get(provider.metadata["userinfo_endpoint"], timeout=10,
                                headers={"Authorization": f"Bearer {access_token}"},
                                verify=provider.config.verify)
    except requests.RequestException as error:
        raise LoginError("fournisseur injoignable (userinfo)") from error
    if response.status_code != 200:
        raise LoginError(f"userinfo refusé (HTTP {response.status_code})")
    claims = dict(response.json())
    if claims.get("sub") != sub:  # OIDC Core §5.3.2: must match the ID token's sub
        raise LoginError("userinfo : sujet différent de celui du jeton d'identité")
    return claims
