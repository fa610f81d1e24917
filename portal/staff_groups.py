"""Cash for a payment group at the counter: a citizen's life-event bundle, one Multibanco reference for several
applications, paid in notes and coins at a desk.

The clerk finds the group by its reference or by any application it pays (the citizen's pending items), sees
each fee and the total, and takes the cash: the change is checked like a single fee's (portal/staff.py), the
group is settled all or nothing (portal/payment_groups.py), and the cash handed over is kept on the group, so
the drawer counts it once.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from portal.catalog_store import CatalogSnapshot
from portal.deps import Principal
from portal.i18n import Language
from portal.issuing import PAYMENT_ENTITY
from portal.models import Application, Payment, PaymentGroup, PaymentGroupMember
from portal.payment_groups import audit_counter_read, group_members, settle_group
from portal.problems import Problem, not_found
from portal.staff import checked_tendered

MAX_LOOKUP = 10


def group_due(
    group: PaymentGroup,
    members: list[tuple[Application, Payment]],
    snapshot: CatalogSnapshot,
    language: Language,
) -> dict[str, Any]:
    """A group as the clerk sees it: every application with its fee, and the total."""
    items = []
    for application, payment in members:
        service = snapshot.services.get(application.service_code)
        items.append(
            {
                "application_reference": application.reference,
                "service_code": application.service_code,
                "service_name": service.name.in_(language) if service else application.service_code,
                "amount_cents": payment.amount_cents,
            }
        )
    return {
        "id": group.id,
        "entity": group.entity,
        "reference": group.reference,
        "amount_cents": group.amount_cents,
        "status": group.status,
        "items": items,
    }


async def find_groups(
    db: AsyncSession,
    principal: Principal,
    staff_id: str,
    snapshot: CatalogSnapshot,
    language: Language,
    *,
    reference: str | None,
    applications: list[str],
) -> list[dict[str, Any]]:
    """The groups named by a Multibanco reference, or paying any of these applications (pending first).
    Every lookup that finds one is audited for each person it pays for, as a single payment's is."""
    query = select(PaymentGroup).distinct()
    if reference:
        query = query.where(PaymentGroup.entity == PAYMENT_ENTITY, PaymentGroup.reference == reference)
    else:
        query = (
            query.join(PaymentGroupMember, PaymentGroupMember.group_id == PaymentGroup.id)
            .join(Payment, Payment.id == PaymentGroupMember.payment_id)
            .join(Application, Application.id == Payment.application_id)
            .where(Application.reference.in_(applications[:MAX_LOOKUP]))
        )
    groups = sorted(await db.scalars(query), key=lambda group: (group.status != "pending", group.created_at))
    found = []
    for group in groups:
        members = await group_members(db, group)
        await audit_counter_read(db, staff_id, principal.device, group, members)
        found.append(group_due(group, members, snapshot, language))
    await db.commit()
    return found


async def take_group_cash(
    request: Request,
    db: AsyncSession,
    principal: Principal,
    staff_id: str,
    group_id: str,
    tendered_cents: int,
    language: Language,
) -> tuple[PaymentGroup, dict[str, Any]]:
    """Settle a whole group in cash; the group and its settled view (every application, with the access codes
    issued this once). A retry of the same amount answers again without charging; another amount for a group
    already paid is a 409."""
    group = await db.get(PaymentGroup, group_id, with_for_update=True)
    if group is None:
        raise not_found()
    if group.status == "pending":
        checked_tendered(tendered_cents, group.amount_cents, language)
    elif group.method != "cash" or group.tendered_cents != tendered_cents:
        await db.rollback()
        raise Problem(409, "conflict", "problem.conflict", "problem.already_paid")
    settled = await settle_group(
        request, db, group, "cash", f"staff:{staff_id}", principal, language, tendered_cents=tendered_cents
    )
    return group, settled


def group_cash_settlement(
    group: PaymentGroup,
    settled: dict[str, Any],
    clerk_name: str,
    place: str,
    snapshot: CatalogSnapshot,
    language: Language,
) -> dict[str, Any]:
    """The answer to a group's cash: the change, and the one receipt listing every application and fee."""
    tendered = group.tendered_cents or group.amount_cents
    lines = []
    for view in settled["applications"]:
        service = snapshot.services.get(view["service_code"])
        payment = view.get("payment") or {}
        lines.append(
            {
                "application_reference": view["reference"],
                "service_code": view["service_code"],
                "service_name": service.name.in_(language) if service else view["service_code"],
                "amount_cents": int(payment.get("amount_cents") or 0),
            }
        )
    assert group.settled_at is not None
    return {
        "group_id": group.id,
        "amount_cents": group.amount_cents,
        "tendered_cents": tendered,
        "change_cents": tendered - group.amount_cents,
        "settled_at": group.settled_at,
        "receipt": {
            "number": f"{group.entity} {group.reference}",
            "clerk": clerk_name,
            "place": place,
            "lines": lines,
        },
        "applications": settled["applications"],
    }
