"""no whole token and no personal value in the trace (issue 11): older events rewritten

The trace used to keep ID tokens, hints and logout tokens whole (``compact``) and the decoded
claims with their personal values (names, birth date, e-mail, ``sid``), and a Location carrying
an ``id_token_hint`` as it was. Each stored event is rewritten as the trace records today: no
compact form (its SHA-256 instead), claims through today's redaction, and any complete JWS left
in a request or a response masked. The correlation keys (hashes) stay.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05 08:30:00.000000
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

from shared.trace.redact import mask_jwts, redact_claims, token_fingerprint

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BATCH = 500
events = sa.table("trace_events", sa.column("id", sa.Integer), sa.column("request", sa.JSON),
                  sa.column("response", sa.JSON), sa.column("jwts", sa.JSON))


def _jwt(view: dict[str, Any]) -> dict[str, Any]:
    compact = view.pop("compact", None)
    if isinstance(compact, str):
        view.update(sha256=token_fingerprint(compact.strip()), length=len(compact.strip()))
    if isinstance(view.get("claims"), dict):
        view["claims"] = redact_claims(view["claims"])
    return mask_jwts(view)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":  # the rewritten rows' old bytes are zeroed, not left in free pages
        bind.exec_driver_sql("PRAGMA secure_delete = ON")
    last = 0
    while True:
        rows = bind.execute(sa.select(events).where(events.c.id > last).order_by(events.c.id)
                            .limit(BATCH)).all()
        if not rows:
            return
        for row in rows:
            bind.execute(events.update().where(events.c.id == row.id).values(
                request=mask_jwts(row.request), response=mask_jwts(row.response),
                jwts=[_jwt(dict(v)) if isinstance(v, dict) else v for v in row.jwts or []]))
        last = rows[-1].id


def downgrade() -> None:
    """Nothing to undo: what was masked is gone, as intended."""
