"""The client registry behind a narrow interface: find, list, register, update, remove."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

from sqlalchemy import select

from franceconnect_mock.clients.models import ClientRow
from franceconnect_mock.clients.registration import Registration, RegistrationError, validate_registration
from franceconnect_mock.protocol.platforms import PLATFORMS, Platform
from shared.db import Database
from shared.timeutil import utcnow

REGISTRATION_FIELDS = [f.name for f in fields(Registration)]


@dataclass(frozen=True)
class Client(Registration):
    """A registered service provider (the secret only as a digest) and the platform serving it."""

    secret_digest: str | None = None
    profile: Platform = PLATFORMS["fcp-low"]

    @property
    def private(self) -> bool:
        return self.kind == "private"

    def public_view(self) -> dict[str, Any]:
        """The registration as the console and the admin API show it (never the secret)."""
        data = {k: v for k, v in asdict(self).items() if k in REGISTRATION_FIELDS}
        del data["client_secret"]
        data["token_endpoint_auth_method"] = data.pop("auth_method")
        data["effective_platform"] = self.profile.name
        data["has_secret"] = self.secret_digest is not None
        return data


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ClientRegistry:
    def __init__(self, database: Database, instance_platform: Platform, known_idps: Collection[str],
                 known_scenarios: Collection[str]) -> None:
        self._db = database
        self.instance_platform = instance_platform
        self._idps = tuple(known_idps)
        self._scenarios = tuple(known_scenarios)

    def _client(self, row: ClientRow) -> Client:
        values = {name: getattr(row, name) for name in REGISTRATION_FIELDS if name != "client_secret"}
        return Client(**values, client_secret=None, secret_digest=row.secret_digest,
                      profile=PLATFORMS.get(row.platform or "", self.instance_platform))

    def get(self, client_id: str) -> Client | None:
        with self._db.session() as s:
            row = s.get(ClientRow, client_id)
            return self._client(row) if row else None

    def all(self) -> list[Client]:
        with self._db.session() as s:
            return [self._client(r) for r in s.scalars(select(ClientRow).order_by(ClientRow.client_id))]

    def _validate(self, data: Mapping[str, Any], current: Registration | None) -> Registration:
        return validate_registration(data, instance_platform=self.instance_platform, known_idps=self._idps,
                                     known_scenarios=self._scenarios, current=current)

    def register(self, data: Mapping[str, Any]) -> tuple[Client, str | None]:
        """Store a new client; returns the secret in clear once when the mock generated it."""
        registration = self._validate(data, None)
        if self.get(registration.client_id) is not None:
            raise RegistrationError({"client_id": "déjà enregistré"})
        generated = None
        secret = registration.client_secret
        if secret is None and registration.auth_method == "client_secret_post":
            secret = generated = secrets.token_hex(32)  # 64 hex characters, like FranceConnect's
        now = utcnow()
        values = {k: v for k, v in asdict(registration).items() if k != "client_secret"}
        with self._db.session() as s:
            s.add(ClientRow(**values, secret_digest=digest(secret) if secret else None,
                            created_at=now, updated_at=now))
        return self._require(registration.client_id), generated

    def update(self, client_id: str, changes: Mapping[str, Any]) -> Client:
        current = self._require(client_id)
        registration = self._validate({"client_id": client_id, **changes}, current)
        with self._db.session() as s:
            row = s.get(ClientRow, client_id)
            assert row is not None
            for key, value in asdict(registration).items():
                if key != "client_secret":
                    setattr(row, key, value)
            if registration.client_secret:
                row.secret_digest = digest(registration.client_secret)
            row.updated_at = utcnow()
        return self._require(client_id)

    def new_secret(self, client_id: str) -> str:
        self._require(client_id)
        secret = secrets.token_hex(32)
        with self._db.session() as s:
            row = s.get(ClientRow, client_id)
            assert row is not None
            row.secret_digest, row.updated_at = digest(secret), utcnow()
        return secret

    def remove(self, client_id: str) -> bool:
        with self._db.session() as s:
            row = s.get(ClientRow, client_id)
            if row is None:
                return False
            s.delete(row)
        return True

    def _require(self, client_id: str) -> Client:
        client = self.get(client_id)
        if client is None:
            raise LookupError(client_id)
        return client

    @staticmethod
    def secret_matches(client: Client, secret: str) -> bool:
        if client.secret_digest is None:
            return False
        return hmac.compare_digest(client.secret_digest, digest(secret))
