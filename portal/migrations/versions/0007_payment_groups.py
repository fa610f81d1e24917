"""payment groups: one Multibanco reference for the fees of a life-event bundle

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 21:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import portal.models

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "payment_groups",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("device_id", sa.String(length=40), nullable=False),
        sa.Column("entity", sa.String(length=5), nullable=False),
        sa.Column("reference", sa.String(length=9), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=True),
        sa.Column("created_at", portal.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("settled_at", portal.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("settled_by", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(["device_id"], ["devices.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_payment_groups_entity_reference", "payment_groups", ["entity", "reference"], unique=True
    )
    op.create_table(
        "payment_group_members",
        sa.Column("payment_id", sa.String(length=40), nullable=False),
        sa.Column("group_id", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["payment_groups.id"]),
        sa.ForeignKeyConstraint(["payment_id"], ["payments.id"]),
        sa.PrimaryKeyConstraint("payment_id"),
    )
    op.create_index(
        op.f("ix_payment_group_members_group_id"), "payment_group_members", ["group_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_payment_group_members_group_id"), table_name="payment_group_members")
    op.drop_table("payment_group_members")
    op.drop_index("ix_payment_groups_entity_reference", table_name="payment_groups")
    op.drop_table("payment_groups")
