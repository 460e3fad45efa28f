"""What the token and userinfo endpoints send: the five-field token response, the ID token and
the signed userinfo, each signed with the client's algorithm and, on FranceConnect+, encrypted."""

from __future__ import annotations

from typing import Any

from franceconnect_mock.clients.keys import ClientKeys, ClientKeysUnavailable
from franceconnect_mock.clients.store import Client
from franceconnect_mock.clock import MockClock
from franceconnect_mock.journal.trace import trace
from franceconnect_mock.oidc.claims import userinfo_claims
from franceconnect_mock.protocol.errors import EncryptionKeyUnavailable
from franceconnect_mock.protocol.grants import (
    ACCESS_TOKEN_SECONDS,
    ID_TOKEN_SECONDS,
    AccessToken,
    Grant,
    GrantStore,
)
from franceconnect_mock.protocol.jose import Signer, encrypt
from franceconnect_mock.scenarios.service import ScenarioApplier
from shared.keys import KeyRing
from shared.oidc.jwt import at_hash


class TokenIssuer:
    def __init__(self, issuer: str, keyring: KeyRing, clock: MockClock, grants: GrantStore,
                 client_keys: ClientKeys, scenarios: ScenarioApplier) -> None:
        self._issuer = issuer
        self._keyring = keyring
        self._clock = clock
        self._grants = grants
        self._client_keys = client_keys
        self._scenarios = scenarios

    def token_response(self, grant: Grant, code: str, client: Client) -> dict[str, Any]:
        """Exactly five fields, no refresh token (reference sheet, "/token")."""
        access_token, _ = self._grants.issue_access_token(grant, code)
        return {"access_token": access_token, "token_type": "Bearer", "expires_in": ACCESS_TOKEN_SECONDS,
                "id_token": self.id_token(grant, client, access_token), "scope": " ".join(grant.scopes)}

    def id_token(self, grant: Grant, client: Client, access_token: str) -> str:
        now = self._clock.now()
        claims: dict[str, Any] = {"sub": grant.sub, "auth_time": grant.auth_time, "acr": grant.acr,
                                  "nonce": grant.nonce, "at_hash": at_hash(access_token),
                                  "aud": client.client_id, "exp": now + ID_TOKEN_SECONDS, "iat": now,
                                  "iss": self._issuer}
        if grant.amr_requested:
            claims["amr"] = grant.claims.get("amr")
        return self._deliver("id_token", claims, client, grant.scenario)

    def userinfo(self, record: AccessToken, client: Client) -> str:
        now = self._clock.now()
        claims = {**userinfo_claims(record.claims, record.scopes, record.sub), "iss": self._issuer,
                  "aud": client.client_id, "exp": now + ID_TOKEN_SECONDS, "iat": now}
        return self._deliver("userinfo", claims, client, record.scenario)

    def _deliver(self, role: str, claims: dict[str, Any], client: Client, scenario: str | None) -> str:
        signed = self._scenarios.sign(role, claims, Signer(self._keyring, client.signing_alg), scenario)
        trace().jwt(role, signed, note="JWS enveloppé dans un JWE" if client.profile.encrypts else None)
        if not client.profile.encrypts:
            return signed
        try:
            keys = self._client_keys.for_client(client)
            return encrypt(signed, keys, client.encryption_alg or "RSA-OAEP-256")
        except (ClientKeysUnavailable, LookupError) as exc:
            raise EncryptionKeyUnavailable(f"could not encrypt for the client ({exc})") from exc
