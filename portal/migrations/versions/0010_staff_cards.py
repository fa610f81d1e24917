"""staff cards: a clerk signs in with their own card and PIN; a payment group keeps the cash handed over

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import portal.models

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_cards",
        sa.Column("card_digest", sa.String(length=64), nullable=False),
        sa.Column("staff_id", sa.String(length=40), nullable=False),
        sa.Column("linked_at", portal.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("linked_by", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"]),
        sa.PrimaryKeyConstraint("card_digest"),
    )
    op.create_index("ix_staff_cards_staff_id", "staff_cards", ["staff_id"])
    with op.batch_alter_table("payment_groups", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tendered_cents", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("payment_groups", schema=None) as batch_op:
        batch_op.drop_column("tendered_cents")
    op.drop_index("ix_staff_cards_staff_id", table_name="staff_cards")
    op.drop_table("staff_cards")
