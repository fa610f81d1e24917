"""hardening: idempotency answers kept sealed, never in plain text

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 19:30:00

The answers kept for retries held access codes and holders' names in plain JSON. They are only worth
anything for a few days and cannot be sealed after the fact (the key needs the request's credential),
so the table is replaced: answers stored before this revision are dropped, which a retry then sees as a
new request only if it comes after the upgrade (a window of minutes at most, during a planned upgrade).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import portal.models

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("idempotency_records")
    op.create_table(
        "idempotency_records",
        sa.Column("device_id", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("sealed_response", sa.Text(), nullable=False),
        sa.Column("created_at", portal.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["device_id"], ["devices.id"]),
        sa.PrimaryKeyConstraint("device_id", "key"),
    )
    with op.batch_alter_table("idempotency_records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_idempotency_records_created_at"), ["created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("idempotency_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_idempotency_records_created_at"))
    op.drop_table("idempotency_records")
    op.create_table(
        "idempotency_records",
        sa.Column("device_id", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("response", sa.JSON(), nullable=False),
        sa.Column("created_at", portal.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["device_id"], ["devices.id"]),
        sa.PrimaryKeyConstraint("device_id", "key"),
    )
