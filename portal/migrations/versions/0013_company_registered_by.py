"""companies: who registered a company on the spot is kept with it

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 09:00:00

The person who registered a company on the spot (a partner, or the partners' representative) may ask for a new
permanent-certificate access code like a partner (portal/companies.py). Until now that person was found again
by following the firm name to its reservation and the application behind it; now the company keeps it. A
company registered before this revision gets it from its registration document: the document of a completed
COMPANY-ON-THE-SPOT application whose sealed fields carry the company's NIPC.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("companies", schema=None) as batch_op:
        batch_op.add_column(sa.Column("registered_by", sa.String(length=40), nullable=True))
        batch_op.create_foreign_key("fk_companies_registered_by_people", "people", ["registered_by"], ["id"])
    connection = op.get_bind()
    registrations = connection.execute(
        sa.text(
            "SELECT documents.fields, applications.person_id FROM documents"
            " JOIN applications ON applications.id = documents.application_id"
            " WHERE applications.service_code = 'COMPANY-ON-THE-SPOT' AND applications.person_id IS NOT NULL"
        )
    )
    for fields, person_id in registrations:
        nipc = _fields(fields).get("NIPC")  # the label is "NIPC" in both languages
        if nipc:
            connection.execute(
                sa.text("UPDATE companies SET registered_by = :person WHERE nipc = :nipc"),
                {"person": person_id, "nipc": str(nipc)},
            )


def _fields(value: Any) -> dict[str, Any]:
    """A JSON column reads as a dict on PostgreSQL and as its text on SQLite through a plain text query."""
    if isinstance(value, str):
        value = json.loads(value)
    return value if isinstance(value, dict) else {}


def downgrade() -> None:
    with op.batch_alter_table("companies", schema=None) as batch_op:
        batch_op.drop_constraint("fk_companies_registered_by_people", type_="foreignkey")
        batch_op.drop_column("registered_by")
