"""Signing keys and the published JWKS, with rotation by overlap.

Each key lives through three states: ``next`` (published in the JWKS, not yet signing, so that
relying parties have cached it before it signs), ``active`` (signs) and ``retired`` (still
published until ``retire_at``, after the last token it signed has expired). Keys are stored in
the service database, private parts encrypted with AES-GCM under a key derived from the
service secret, and read into memory once, then refreshed every 30 s so that a rotation done
by the CLI reaches every running instance without a restart.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from joserfc.jwk import ECKey, KeySet, RSAKey
from sqlalchemy import LargeBinary, String, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from shared.db import Base, Database
from shared.sealing import Sealer
from shared.timeutil import utcnow

log = logging.getLogger(__name__)

# RFC 7518: ES256 is P-256 ECDSA with SHA-256; RS256 is RSASSA-PKCS1-v1_5 with SHA-256.
SUPPORTED_ALGS = ("ES256", "RS256")
REFRESH_SECONDS = 30

SigningKeyObject = ECKey | RSAKey


class SigningKey(Base):
    __tablename__ = "signing_keys"
    kid: Mapped[str] = mapped_column(String(64), primary_key=True)
    alg: Mapped[str] = mapped_column(String(10))
    state: Mapped[str] = mapped_column(String(10))  # next | active | retired
    sealed_private_jwk: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime]
    activated_at: Mapped[datetime | None]
    retire_at: Mapped[datetime | None]


@dataclass(frozen=True)
class LoadedKey:
    kid: str
    alg: str
    state: str
    key: SigningKeyObject
    retire_at: datetime | None


def _new_key(alg: str) -> SigningKeyObject:
    if alg == "ES256":
        return ECKey.generate_key("P-256")
    if alg == "RS256":
        return RSAKey.generate_key(3072)  # ANSSI RGS: RSA ≥ 3072 bits beyond 2030
    raise ValueError(f"algorithme non pris en charge : {alg}")


class KeyRing:
    """The service's signing keys: which one signs for an algorithm, and the public JWKS."""

    def __init__(self, database: Database, secret: str, namespace: str,
                 algs: tuple[str, ...] = SUPPORTED_ALGS) -> None:
        self._db = database
        self._algs = algs
        self._sealer = Sealer(secret, f"{namespace}:signing-keys")
        self._lock = threading.Lock()
        self._loaded: list[LoadedKey] = []
        self._jwks: dict[str, list[dict[str, object]]] = {"keys": []}
        self._public = KeySet([])
        self._loaded_at = 0.0

    # -- storage -------------------------------------------------------------------------------
    def _seal(self, key: SigningKeyObject) -> bytes:
        return self._sealer.seal(json.dumps(key.as_dict(private=True)).encode())

    def _unseal(self, sealed: bytes, alg: str) -> SigningKeyObject:
        data = json.loads(self._sealer.open(sealed))
        return ECKey.import_key(data) if alg == "ES256" else RSAKey.import_key(data)

    def _add(self, alg: str, state: str) -> str:
        key = _new_key(alg)
        kid = key.thumbprint()  # RFC 7638 thumbprint: stable and collision free
        now = utcnow()
        with self._db.session() as s:
            s.add(SigningKey(kid=kid, alg=alg, state=state, sealed_private_jwk=self._seal(key),
                             created_at=now, activated_at=now if state == "active" else None,
                             retire_at=None))
        return kid

    def ensure(self) -> None:
        """Give every algorithm an active key and a published next key (first start)."""
        with self._db.session() as s:
            rows = list(s.scalars(select(SigningKey)))
        for alg in self._algs:
            states = {r.state for r in rows if r.alg == alg}
            if "active" not in states:
                self._add(alg, "active")
            if "next" not in states:
                self._add(alg, "next")
        self.refresh(force=True)

    def rotate(self, retire_after: timedelta) -> list[str]:
        """Promote each published next key to active, retire the old one, publish a new next."""
        now = utcnow()
        promoted = []
        with self._db.session() as s:
            for alg in self._algs:
                rows = list(s.scalars(select(SigningKey).where(SigningKey.alg == alg)))
                nxt = next((r for r in rows if r.state == "next"), None)
                if nxt is None:
                    continue
                for row in rows:
                    if row.state == "active":
                        row.state, row.retire_at = "retired", now + retire_after
                nxt.state, nxt.activated_at = "active", now
                promoted.append(nxt.kid)
            for row in s.scalars(select(SigningKey).where(SigningKey.state == "retired",
                                                         SigningKey.retire_at < now)):
                s.delete(row)
        for alg in self._algs:
            self._add(alg, "next")
        self.refresh(force=True)
        return promoted

    # -- reading ---------------------------------------------------------------------------------
    def refresh(self, force: bool = False) -> None:
        """Re-read the key table (every REFRESH_SECONDS, or now): a rotation made by another
        process is seen within that delay. Only keys not seen before are unsealed and imported."""
        if not force and time.monotonic() - self._loaded_at < REFRESH_SECONDS:
            return
        with self._lock:
            with self._db.session() as s:
                rows = list(s.scalars(select(SigningKey)))
            now = utcnow()
            known = {k.kid: k.key for k in self._loaded}
            loaded = [LoadedKey(r.kid, r.alg, r.state,
                                known.get(r.kid) or self._unseal(r.sealed_private_jwk, r.alg), r.retire_at)
                      for r in rows if not (r.state == "retired" and r.retire_at and r.retire_at < now)]
            if [(k.kid, k.state, k.retire_at) for k in loaded] != \
                    [(k.kid, k.state, k.retire_at) for k in self._loaded]:
                self._jwks = {"keys": [{**k.key.as_dict(private=False), "kid": k.kid, "alg": k.alg,
                                        "use": "sig"} for k in sorted(loaded, key=lambda k: k.kid)]}
                self._public = KeySet.import_key_set(self._jwks)  # type: ignore[arg-type]
                self._loaded = loaded
            self._loaded_at = time.monotonic()

    def preload(self) -> None:
        """Read and import the keys now, as a worker starts (its ``wsgi`` module), so that its
        first token does not wait for them: an RSA-3072 private key takes about 0.1 s of CPU to
        import, holding the GIL, and the ring holds two (active and next). A key table that does
        not exist yet (the service started before its migration) is read at first use instead."""
        try:
            self.refresh(force=True)
        except SQLAlchemyError as error:
            log.warning("Clés de signature non chargées au démarrage (%s) : elles le seront au premier usage",
                        type(error).__name__)

    def signing_key(self, alg: str) -> LoadedKey:
        """The active key that signs with ``alg``."""
        self.refresh()
        for key in self._loaded:
            if key.alg == alg and key.state == "active":
                return key
        raise LookupError(f"aucune clé active pour {alg} : lancez la commande d'initialisation des clés")

    def jwks(self) -> dict[str, list[dict[str, object]]]:
        """The public JWKS: next, active and not yet expired retired keys."""
        self.refresh()
        return self._jwks

    def public_keys(self) -> KeySet:
        """:meth:`jwks` as a key set to verify with, imported once per change of the keys, not
        once per token (UserInfo and logout verify on every call)."""
        self.refresh()
        return self._public

    def keys(self) -> list[LoadedKey]:
        self.refresh()
        return list(self._loaded)
