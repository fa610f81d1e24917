"""counter: the clerk on applications and audit events made at a counter, cash tendered on payments

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 19:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("staff_id", sa.String(length=40), nullable=True))
        batch_op.create_index(batch_op.f("ix_applications_staff_id"), ["staff_id"], unique=False)
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tendered_cents", sa.Integer(), nullable=True))
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("staff_id", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_column("staff_id")
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_column("tendered_cents")
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_applications_staff_id"))
        batch_op.drop_column("staff_id")
