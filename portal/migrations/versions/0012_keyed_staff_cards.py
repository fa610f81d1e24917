"""staff cards: a clerk's card link becomes a keyed digest; the unkeyed links kept before are cleared

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 14:00:00

A clerk's card link (staff_cards.card_digest) was SHA-256 of "staff-card:" and the card's civil id: few enough
values to try every one against a copy of the table and learn who the clerks are. It is now HMAC-SHA-256 under
the portal's digest key (portal/staff_cards.py, like an appointment's holder since 0011), which a migration
cannot compute: the key is not in the database, and the civil ids never were. The old links are deleted, not
kept beside the new ones (they would still name the clerks): each clerk signs in with user name and password
until a supervisor links their card again with `kiosk portal link-card` (docs/operator.md). The demo portal
links the demo clerk's card again when it starts. The column keeps its 64 hex characters.
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DELETE FROM staff_cards")


def downgrade() -> None:
    # Nothing to undo: the deleted links cannot come back, and an empty table is valid in the earlier schema.
    pass
