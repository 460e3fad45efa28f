"""Authorization codes and access tokens on the key-value store, with FranceConnect's lifetimes.

Codes live 30 s and are single use (a second use revokes the access token the first one gave,
RFC 6749 §4.1.2); access tokens live 60 s. Both are random (256 bits) and stored only as their
SHA-256, so a copy of the store gives nothing a client could present — except each client's last
authorization response, kept in clear for the "replayed code" scenario (a mock's concession).
Lifetimes are read on the mock clock; the store's own time to live only cleans up, a day later.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import asdict, dataclass, field
from typing import Any

from franceconnect_mock.clock import MockClock
from franceconnect_mock.protocol.errors import CodeAlreadyUsed, CodeNotFound
from shared.kv import KeyValueStore

CODE_SECONDS = 30
ACCESS_TOKEN_SECONDS = 60
ID_TOKEN_SECONDS = 60
CLEANUP_SECONDS = 24 * 3600  # kept that long after expiry so that a shifted clock still finds them


@dataclass(frozen=True)
class AuthorizationResponse:
    """The code and state a client receives at its redirect_uri (a scenario may reshape them)."""

    code: str
    state: str


def _h(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


@dataclass(frozen=True)
class Grant:
    """What the person authorised, carried by a code until the client redeems it."""

    client_id: str
    redirect_uri: str
    scopes: list[str]
    acr: str
    nonce: str
    amr_requested: bool
    auth_time: int
    sub: str
    claims: dict[str, Any]
    login: str
    idp_id: str
    state: str
    scenario: str | None
    flow: str
    expires_at: int = 0


@dataclass(frozen=True)
class AccessToken:
    client_id: str
    sub: str
    scopes: list[str]
    claims: dict[str, Any]
    scenario: str | None
    flow: str
    expires_at: int
    code_digest: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


class GrantStore:
    def __init__(self, kv: KeyValueStore, clock: MockClock) -> None:
        self._kv = kv
        self._clock = clock

    def _put(self, key: str, value: dict[str, Any], lifetime: int) -> None:
        self._kv.put(key, json.dumps(value).encode(), lifetime + CLEANUP_SECONDS)

    # -- codes ---------------------------------------------------------------------------------
    def issue_code(self, grant: Grant) -> str:
        code = secrets.token_urlsafe(32)
        stored = {**asdict(grant), "expires_at": self._clock.now() + CODE_SECONDS}
        self._put(f"code:{_h(code)}", stored, CODE_SECONDS)
        return code

    def redeem_code(self, code: str) -> Grant:
        """Take the code (single use); a reused one revokes what it gave, then both are refused."""
        raw = self._kv.take(f"code:{_h(code)}")
        if raw is None:
            used = self._kv.get(f"code-used:{_h(code)}")
            if used is not None:
                self._kv.delete(f"at:{json.loads(used)['access_token']}")
                raise CodeAlreadyUsed()
            raise CodeNotFound()
        grant = Grant(**json.loads(raw))
        if grant.expires_at < self._clock.now():
            raise CodeNotFound("grant request is invalid (authorization code not found: expired)")
        return grant

    def replayed_by(self, code: str) -> str | None:
        """The scenario that sent this (already used) code back to the client, if any."""
        raw = self._kv.get(f"replayed:{_h(code)}")
        return raw.decode() if raw else None

    # -- access tokens ---------------------------------------------------------------------------
    def issue_access_token(self, grant: Grant, code: str) -> tuple[str, AccessToken]:
        token = secrets.token_urlsafe(32)
        record = AccessToken(client_id=grant.client_id, sub=grant.sub, scopes=grant.scopes,
                             claims=grant.claims,
                             scenario=grant.scenario, flow=grant.flow,
                             expires_at=self._clock.now() + ACCESS_TOKEN_SECONDS, code_digest=_h(code))
        self._put(f"at:{_h(token)}", asdict(record), ACCESS_TOKEN_SECONDS)
        self._put(f"code-used:{_h(code)}", {"access_token": _h(token)}, CODE_SECONDS)
        return token, record

    def access_token(self, token: str) -> tuple[AccessToken | None, str]:
        """The live token record, or ``None`` with why (unknown, revoked or expired)."""
        raw = self._kv.get(f"at:{_h(token)}")
        if raw is None:
            return None, "unknown or revoked access token"
        record = AccessToken(**json.loads(raw))
        if record.expires_at < self._clock.now():
            return None, f"access token expired {self._clock.now() - record.expires_at} s ago"
        return record, ""

    def revoke_access_token(self, token: str, client_id: str) -> bool:
        """RFC 7009: only the client the token was issued to can revoke it."""
        raw = self._kv.get(f"at:{_h(token)}")
        if raw is None or json.loads(raw)["client_id"] != client_id:
            return False
        self._kv.delete(f"at:{_h(token)}")
        return True

    # -- what adversarial scenarios and client assertions need ------------------------------------------
    def remember_response(self, client_id: str, response: AuthorizationResponse) -> None:
        self._put(f"last-response:{client_id}", asdict(response), 0)

    def previous_response(self, client_id: str) -> AuthorizationResponse | None:
        raw = self._kv.get(f"last-response:{client_id}")
        return AuthorizationResponse(**json.loads(raw)) if raw else None

    def mark_replayed(self, code: str, scenario_id: str) -> None:
        self._kv.put(f"replayed:{_h(code)}", scenario_id.encode(), CLEANUP_SECONDS)

    def use_assertion_id(self, client_id: str, jti: str, lifetime: int) -> bool:
        """False when this ``jti`` was already presented (RFC 7523 §3: one use per assertion)."""
        key = f"jti:{_h(client_id + ':' + jti)}"
        return self._kv.add(key, b"1", max(lifetime, 60) + CLEANUP_SECONDS)  # atomic: one winner
