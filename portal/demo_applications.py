"""Applications waiting for a clerk in the demo, so the counter's Applications desk has something to decide.

Without them every demo application is issued at once, paid or sent by letter, and the desk's filters list
nothing (QA H1). They are made as the demo kiosk would have sent them: two reports anyone can make without a
card, and one card service of a demo citizen, days apart so the list's order (oldest first) shows. The answers
are checked against the catalog's forms, so a changed form fails here and not in front of a clerk.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from portal.applications import SUBMITTED
from portal.catalog import Fulfilment
from portal.content import DEMO_SERVICES
from portal.content.demo_people import DEMO_KIOSK_TOKEN
from portal.forms import validate_answers
from portal.models import Application, ApplicationEvent, Device, Person, utcnow
from portal.security import new_id, token_digest


@dataclass(frozen=True)
class DemoApplication:
    reference: str
    service_code: str
    answers: dict[str, Any]
    days_ago: int
    civil_id: str | None = None
    """The demo citizen who applied with their card; None for a service anyone may use without one."""


DEMO_APPLICATIONS: tuple[DemoApplication, ...] = (
    DemoApplication(
        "DEMO-0001",
        "REPORT-PROBLEM",
        {"category": "pothole", "location": "Avenida Fontes Pereira de Melo 30, Lisboa"},
        3,
    ),
    DemoApplication(
        "DEMO-0002",
        "BULKY-WASTE",
        {
            "items": ["mattress"],
            "location": "Rua Tomás Ribeiro 12, Lisboa",
            "postal_code": "1050-228",
            "phone": "912345678",
        },
        2,
    ),
    DemoApplication("DEMO-0003", "FAMILY-DOCTOR", {"health_centre": "arroios"}, 1, civil_id="23456789"),
)
"""Their references are fixed, so the docs can name them and a demo started again does not add more."""


def checked_answers(application: DemoApplication) -> dict[str, Any]:
    """The answers as the portal keeps them, after the same validation as a real submission."""
    service = next(service for service in DEMO_SERVICES if service.code == application.service_code)
    if service.fulfilment is not Fulfilment.PENDING or service.fee_cents:
        raise ValueError(f"{service.code} would not wait for a clerk")
    outcome = validate_answers(service.form, application.answers)
    if outcome.errors:
        raise ValueError(f"{service.code}: {outcome.errors}")
    return dict(outcome.answers)


async def ensure_demo_applications(db: AsyncSession) -> int:
    """Add the demo applications a database lacks (none once they exist, whatever a clerk decided); how many."""
    known = set(
        await db.scalars(
            select(Application.reference).where(
                Application.reference.in_([item.reference for item in DEMO_APPLICATIONS])
            )
        )
    )
    kiosk = await db.scalar(select(Device).where(Device.token_hash == token_digest(DEMO_KIOSK_TOKEN)))
    if kiosk is None:
        return 0
    now = utcnow()
    added = 0
    for item in DEMO_APPLICATIONS:
        if item.reference in known:
            continue
        person_id = None
        if item.civil_id is not None:
            person_id = await db.scalar(select(Person.id).where(Person.civil_id == item.civil_id))
        at = now - dt.timedelta(days=item.days_ago)
        application = Application(
            id=new_id(),
            reference=item.reference,
            service_code=item.service_code,
            person_id=person_id,
            device_id=kiosk.id,
            channel=kiosk.kind,
            status=SUBMITTED,
            answers=checked_answers(item),
            language="pt",
            created_at=at,
            updated_at=at,
        )
        db.add(application)
        actor = f"citizen:{person_id}" if person_id else f"device:{kiosk.id}"
        db.add(ApplicationEvent(application_id=application.id, status=SUBMITTED, actor=actor, at=at))
        added += 1
    return added
