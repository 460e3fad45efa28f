"""Who can sign in at the demo identity provider: the data file's people and the custom ones."""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from franceconnect_mock.identities.catalogue import Catalogue
from franceconnect_mock.identities.models import CustomIdentity
from franceconnect_mock.identities.records import Identity, IdentityError, parse_identity
from shared.db import Database
from shared.timeutil import utcnow


class IdentityDirectory:
    def __init__(self, catalogue: Catalogue, database: Database, reserved_logins: frozenset[str]) -> None:
        self.catalogue = catalogue
        self._db = database
        self._reserved = reserved_logins  # failure and adversarial logins of the scenarios file

    def password_matches(self, password: str) -> bool:
        """Every test identity shares the documented password (``123``)."""
        return hmac.compare_digest(password.encode(), self.catalogue.password.encode())

    def find(self, login: str) -> Identity | None:
        found = self.catalogue.identity(login)
        if found is not None:
            return found
        with self._db.session() as s:
            row = s.get(CustomIdentity, login)
        return parse_identity(row.data, custom=True) if row else None

    def custom(self) -> list[Identity]:
        with self._db.session() as s:
            rows = list(s.scalars(select(CustomIdentity).order_by(CustomIdentity.created_at)))
        return [parse_identity(r.data, custom=True) for r in rows]

    def all(self) -> list[Identity]:
        return [*self.catalogue.identities, *self.custom()]

    def add(self, data: Mapping[str, Any]) -> Identity:
        """Check and store a custom identity; its login must not hide a data-file or scenario one."""
        identity = parse_identity(data, custom=True)
        if identity.login in self._reserved or self.find(identity.login) is not None:
            raise IdentityError({"login": "identifiant déjà utilisé"})
        with self._db.session() as s:
            s.add(CustomIdentity(login=identity.login, data=identity.as_dict(), created_at=utcnow()))
        return identity

    def remove(self, login: str) -> bool:
        with self._db.session() as s:
            row = s.get(CustomIdentity, login)
            if row is None:
                return False
            s.delete(row)
        return True
