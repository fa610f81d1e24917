"""The audit trail, readable by supervisors and admins only (and reading it is itself recorded)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel
from sqlalchemy import select

from portal.audit import record
from portal.deps import CounterPrincipal, Db, require_staff
from portal.models import AuditEvent
from portal.schemas import ProblemOut

router = APIRouter(prefix="/v1/audit", tags=["audit"])


class AuditEventOut(BaseModel):
    at: dt.datetime
    actor: str
    channel: str
    device_id: str | None
    action: str
    purpose: str
    subject_person_id: str | None
    object_ref: str | None
    staff_id: str | None = None
    """At a counter: the clerk signed in there, also when the actor is the citizen being served."""


@router.get(
    "", response_model=list[AuditEventOut], responses={401: {"model": ProblemOut}, 403: {"model": ProblemOut}}
)
async def read_audit(
    db: Db,
    principal: CounterPrincipal,
    person_id: Annotated[str | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[dict[str, Any]]:
    """Newest events first, optionally for one person."""
    staff_id = require_staff(principal, "supervisor")
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if person_id:
        query = query.where(AuditEvent.subject_person_id == person_id)
    rows = list(await db.scalars(query))
    await record(db, f"staff:{staff_id}", principal.device, "audit.read", "supervision", person_id)
    await db.commit()
    return [
        {
            "at": row.at,
            "actor": row.actor,
            "channel": row.channel,
            "device_id": row.device_id,
            "action": row.action,
            "purpose": row.purpose,
            "subject_person_id": row.subject_person_id,
            "object_ref": row.object_ref,
            "staff_id": row.staff_id,
        }
        for row in rows
    ]
