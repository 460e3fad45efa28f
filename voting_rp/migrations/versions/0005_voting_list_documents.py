"""voting lists' documents (profession de foi, PDF)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 08:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("voting_lists", schema=None) as batch_op:
        batch_op.add_column(sa.Column("document", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("document_sha256", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("document_size", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("voting_lists", schema=None) as batch_op:
        batch_op.drop_column("document_size")
        batch_op.drop_column("document_sha256")
        batch_op.drop_column("document")
