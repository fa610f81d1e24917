"""The audit trail: every read or change of personal data, with actor, channel, device and purpose."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from portal.deps import DeviceIdentity
from portal.models import AuditEvent, SessionToken, utcnow

# The newest live staff session of one counter: the clerk working there now.
CLERK_AT_COUNTER = (
    select(SessionToken.staff_id)
    .where(
        SessionToken.device_id == bindparam("device_id"),
        SessionToken.subject_kind == "staff",
        SessionToken.ended_at.is_(None),
        SessionToken.expires_at > bindparam("now"),
    )
    .order_by(SessionToken.expires_at.desc())
    .limit(1)
)


async def clerk_at_counter(db: AsyncSession, device: DeviceIdentity) -> str | None:
    """The staff id of the clerk signed in at this counter now; None elsewhere or when nobody is.

    What a counter does on a citizen's behalf runs under the citizen's session, so the clerk is found from
    the counter's own staff session rather than trusted from the request.
    """
    if device.channel != "counter":
        return None
    staff_id: str | None = await db.scalar(CLERK_AT_COUNTER, {"device_id": device.id, "now": utcnow()})
    return staff_id


async def record(
    db: AsyncSession,
    actor: str,
    device: DeviceIdentity,
    action: str,
    purpose: str,
    subject_person_id: str | None,
    object_ref: str | None = None,
    *,
    at: dt.datetime | None = None,
) -> None:
    """Add an audit event to the current transaction, so it commits or rolls back with the change.

    At a counter the clerk is recorded too, also when the actor is the citizen being served there. ``at`` is
    when the access happened, if not now (a card read that the terminal reports afterwards).
    """
    staff_id = (
        actor.removeprefix("staff:") if actor.startswith("staff:") else await clerk_at_counter(db, device)
    )
    db.add(
        AuditEvent(
            at=at or utcnow(),
            actor=actor,
            channel=device.channel,
            device_id=device.id,
            action=action,
            purpose=purpose[:120],
            subject_person_id=subject_person_id,
            object_ref=object_ref,
            staff_id=staff_id,
        )
    )
