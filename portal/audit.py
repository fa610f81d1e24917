"""The audit trail: every read or change of personal data, with actor, channel, device and purpose."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from portal.deps import DeviceIdentity
from portal.models import AuditEvent, utcnow


async def record(
    db: AsyncSession,
    actor: str,
    device: DeviceIdentity,
    action: str,
    purpose: str,
    subject_person_id: str | None,
    object_ref: str | None = None,
) -> None:
    """Add an audit event to the current transaction, so it commits or rolls back with the change."""
    db.add(
        AuditEvent(
            at=utcnow(),
            actor=actor,
            channel=device.channel,
            device_id=device.id,
            action=action,
            purpose=purpose[:120],
            subject_person_id=subject_person_id,
            object_ref=object_ref,
        )
    )
