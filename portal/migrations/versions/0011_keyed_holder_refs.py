"""appointments: holder references become keyed digests; the unkeyed ones kept before are cleared

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 12:00:00

An appointment's holder_ref was SHA-256 of the holder's civil id: few enough values to try every one against a
copy of the table. It is now HMAC-SHA-256 under the portal's digest key (portal/appointments.py), which a
migration cannot compute (the key is not in the database, and the civil ids never were). The old references
are cleared, not kept alongside: bookings are short-lived (90 days at most), past ones need no reference, and
a booking still ahead checks in with its booking code, which it always had (the clerk's list shows it without
the card mark). The demo bookings get theirs again when the demo portal starts.
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE appointments SET holder_ref = NULL WHERE holder_ref IS NOT NULL")


def downgrade() -> None:
    # Nothing to undo: the cleared references cannot come back, and NULL is valid in the earlier schema.
    pass
