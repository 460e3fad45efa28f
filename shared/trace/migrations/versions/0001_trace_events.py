"""trace events and their correlation keys

Revision ID: 0001
Revises:
Create Date: 2026-11-24 05:10:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "trace_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("service", sa.String(length=40), nullable=False),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=True),
        sa.Column("endpoint", sa.String(length=500), nullable=False),
        sa.Column("peer", sa.String(length=200), nullable=True),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("request", sa.JSON(), nullable=False),
        sa.Column("response", sa.JSON(), nullable=False),
        sa.Column("jwts", sa.JSON(), nullable=False),
        sa.Column("checks", sa.JSON(), nullable=False),
        sa.Column("jwks", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("kids", sa.String(length=1000), nullable=True),
        sa.Column("keys", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_trace_events_at", "trace_events", ["at"], unique=False)
    op.create_table(
        "trace_keys",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["trace_events.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("event_id", "key"),
    )
    op.create_index("ix_trace_keys_key", "trace_keys", ["key"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_trace_keys_key", table_name="trace_keys")
    op.drop_table("trace_keys")
    op.drop_index("ix_trace_events_at", table_name="trace_events")
    op.drop_table("trace_events")
