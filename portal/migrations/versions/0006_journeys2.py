"""journeys II: wrong confirmation codes counted per application, pre-approved firm names reserved

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 20:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import portal.models

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("confirmation_tries", sa.Integer(), server_default="0", nullable=False))
    op.create_table(
        "firm_name_reservations",
        sa.Column("value", sa.String(length=60), nullable=False),
        sa.Column("application_id", sa.String(length=40), nullable=False),
        sa.Column("reserved_at", portal.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"]),
        sa.PrimaryKeyConstraint("value"),
    )


def downgrade() -> None:
    op.drop_table("firm_name_reservations")
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_column("confirmation_tries")
