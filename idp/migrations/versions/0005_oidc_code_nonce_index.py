"""index the nonce-replay check and expiry of authorization codes

Each authorization request asks whether its client already used its nonce: without an index on
(client_id, nonce) that scanned every code ever issued, so the cost of a sign-in grew with the
election's age. ``expires_at`` is indexed for the purge of expired codes and tokens.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 08:00:00.000000
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_oidc_codes_client_nonce", "oidc_codes", ["client_id", "nonce"])
    op.create_index("ix_oidc_codes_expires_at", "oidc_codes", ["expires_at"])
    op.create_index("ix_oidc_tokens_expires_at", "oidc_tokens", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_oidc_tokens_expires_at", table_name="oidc_tokens")
    op.drop_index("ix_oidc_codes_expires_at", table_name="oidc_codes")
    op.drop_index("ix_oidc_codes_client_nonce", table_name="oidc_codes")
