"""appointments: the appointment book, a branch's time zone, and the time an appointment ticket is due

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import portal.models

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("queue_branches", schema=None) as batch_op:
        # Every branch so far is in mainland Portugal: its queue day starts at Lisbon's midnight.
        batch_op.add_column(
            sa.Column("timezone", sa.String(length=60), server_default="Europe/Lisbon", nullable=False)
        )
    with op.batch_alter_table("queue_tickets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("due_at", portal.models.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_index("ix_queue_tickets_due", ["branch_code", "status", "due_at"], unique=False)
    op.create_table(
        "appointments",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("branch_code", sa.String(length=20), nullable=False),
        sa.Column("category_code", sa.String(length=10), nullable=False),
        sa.Column("service_code", sa.String(length=60), nullable=True),
        sa.Column("starts_at", portal.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("holder_ref", sa.String(length=64), nullable=True),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("ticket_id", sa.String(length=40), nullable=True),
        sa.Column("booked_by", sa.String(length=40), nullable=True),
        sa.Column("created_at", portal.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("checked_in_at", portal.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", portal.models.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["branch_code"], ["queue_branches.code"]),
        sa.ForeignKeyConstraint(["ticket_id"], ["queue_tickets.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code_hash"),
        sa.UniqueConstraint("ticket_id"),
    )
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.create_index("ix_appointments_day", ["branch_code", "day", "starts_at"], unique=False)
        batch_op.create_index("ix_appointments_holder", ["branch_code", "holder_ref", "day"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.drop_index("ix_appointments_holder")
        batch_op.drop_index("ix_appointments_day")
    op.drop_table("appointments")
    with op.batch_alter_table("queue_tickets", schema=None) as batch_op:
        batch_op.drop_index("ix_queue_tickets_due")
        batch_op.drop_column("due_at")
    with op.batch_alter_table("queue_branches", schema=None) as batch_op:
        batch_op.drop_column("timezone")
