"""Storage of the provider's codes and issued tokens: the statements of every sign-in's hot path.

SQLAlchemy Core on the tables, each statement built once with bound parameters: these run on
every authorization and token request, where building statements and the ORM's unit of work cost
several times the statement itself. Codes come back as transient :class:`AuthorizationCode`
objects (attached to no session) that authlib reads.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Row, Table, and_, bindparam, insert, select, update

from idp.oidc.models import AuthorizationCode, IssuedToken
from shared.db import Database
from shared.timeutil import utcnow

CODES = cast(Table, AuthorizationCode.__table__)
TOKENS = cast(Table, IssuedToken.__table__)

_SAVE_CODE = insert(CODES)
_SAVE_TOKEN = insert(TOKENS)
_NONCE_USED = (select(CODES.c.id)
               .where(and_(CODES.c.client_id == bindparam("client_id"), CODES.c.nonce == bindparam("nonce")))
               .limit(1))
_CODE_BY_DIGEST = select(CODES).where(CODES.c.digest == bindparam("digest"))
_MARK_USED = (update(CODES).where(and_(CODES.c.id == bindparam("code"), CODES.c.used_at.is_(None)))
              .values(used_at=bindparam("now")))
_REVOKE_TOKENS = (update(TOKENS).where(and_(TOKENS.c.code_id == bindparam("code"),
                                            TOKENS.c.revoked_at.is_(None)))
                  .values(revoked_at=bindparam("now")))


def save_code(db: Database, **values: Any) -> None:
    with db.engine.begin() as connection:
        connection.execute(_SAVE_CODE, values)


def nonce_used(db: Database, client_id: str, nonce: str) -> bool:
    """Whether ``client_id`` already sent ``nonce`` (index ix_oidc_codes_client_nonce)."""
    with db.engine.connect() as connection:
        return connection.execute(_NONCE_USED, {"client_id": client_id, "nonce": nonce}).first() is not None


def consume_code(db: Database, digest: str, client_id: str,
                 now: datetime | None = None) -> AuthorizationCode | None:
    """The code, marked used, if it is this client's, unexpired and not used before. A second
    redemption gets ``None`` and revokes the tokens the first one gave (RFC 9700 §4.5)."""
    now = now or utcnow()
    with db.engine.begin() as connection:
        row = connection.execute(_CODE_BY_DIGEST, {"digest": digest}).first()
        if row is None or row.client_id != client_id or row.expires_at < now:
            return None
        if connection.execute(_MARK_USED, {"code": row.id, "now": now}).rowcount != 1:
            connection.execute(_REVOKE_TOKENS, {"code": row.id, "now": now})
            return None
    return AuthorizationCode(**{**row._asdict(), "used_at": now})


_ISSUED = (select(TOKENS.c.voter_id, TOKENS.c.scope, TOKENS.c.revoked_at, TOKENS.c.expires_at)
           .where(TOKENS.c.jti == bindparam("jti")))


def issued_token(db: Database, jti: str) -> Row[Any, Any, Any, Any] | None:
    """What the provider recorded of the access token ``jti`` (voter, scope, revocation, expiry)."""
    with db.engine.connect() as connection:
        return connection.execute(_ISSUED, {"jti": jti}).first()


def save_token(db: Database, **values: Any) -> None:
    with db.engine.begin() as connection:
        connection.execute(_SAVE_TOKEN, values)
