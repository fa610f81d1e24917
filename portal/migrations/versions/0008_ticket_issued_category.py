"""ticket issued_category: a transferred ticket keeps its number, unique within the category that issued it

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 21:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("queue_tickets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("issued_category", sa.String(length=10), nullable=True))
    # Before this revision a transfer to another category could not succeed, so every ticket still waits in
    # (or ended in) the category that issued its number.
    op.execute("UPDATE queue_tickets SET issued_category = category_code")
    with op.batch_alter_table("queue_tickets", schema=None) as batch_op:
        batch_op.alter_column("issued_category", existing_type=sa.String(length=10), nullable=False)
        batch_op.drop_index("ix_queue_tickets_number")
        batch_op.create_index(
            "ix_queue_tickets_issued_number", ["branch_code", "issued_category", "day", "sequence"], unique=True
        )


def downgrade() -> None:
    with op.batch_alter_table("queue_tickets", schema=None) as batch_op:
        batch_op.drop_index("ix_queue_tickets_issued_number")
        batch_op.create_index(
            "ix_queue_tickets_number", ["branch_code", "category_code", "day", "sequence"], unique=True
        )
        batch_op.drop_column("issued_category")
