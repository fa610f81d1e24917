"""Settling a fee: mark the payment paid, fulfil its application, and show the documents issued once."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from portal.applications import fulfil, load_application_view
from portal.audit import record
from portal.catalog_store import CatalogStore
from portal.deps import DeviceIdentity, Principal, require_staff
from portal.i18n import Language
from portal.issuing import IssuedDocument, shown_once
from portal.models import Application, ApplicationEvent, Payment, utcnow
from portal.problems import forbidden, not_found


async def locked_payment(db: AsyncSession, payment_id: str) -> tuple[Payment, Application]:
    """The payment, locked until the transaction ends (two counters settling it wait for each other), and its
    application; 404 when there is no such payment."""
    payment = await db.get(Payment, payment_id, with_for_update=True)
    if payment is None:
        raise not_found()
    application = await db.get(Application, payment.application_id)
    assert application is not None
    return payment, application


async def settle_and_fulfil(
    request: Request,
    db: AsyncSession,
    payment: Payment,
    application: Application,
    method: str,
    actor: str,
    device: DeviceIdentity,
    language: Language,
    *,
    tendered_cents: int | None = None,
) -> dict[str, Any] | None:
    """Mark an unpaid payment paid by ``method``, fulfil the application and commit; its view, with the
    access codes of the documents just issued (shown this once only). None when another request settled it
    first: the claim is one conditional statement, so of two counters (or a retry) only one settles, on
    SQLite too, where the row lock of ``locked_payment`` does not exist."""
    issued = await claim_and_fulfil(
        request, db, payment, application, method, actor, device, tendered_cents=tendered_cents
    )
    if issued is None:
        await db.rollback()
        await db.refresh(payment)
        await db.refresh(application)
        return None
    await db.commit()
    return await view_with_access_codes(db, application, issued, language)


async def view_with_access_codes(
    db: AsyncSession, application: Application, issued: list[IssuedDocument], language: Language
) -> dict[str, Any]:
    """The application's view after a settlement, with the access codes of the documents just issued."""
    view = await load_application_view(db, application, language)
    now = {item.row.id: item for item in issued}
    for document in view["documents"]:
        if document["id"] in now:
            document.update(shown_once(now[document["id"]]))
    return view


async def claim_and_fulfil(
    request: Request,
    db: AsyncSession,
    payment: Payment,
    application: Application,
    method: str,
    actor: str,
    device: DeviceIdentity,
    *,
    tendered_cents: int | None = None,
) -> list[IssuedDocument] | None:
    """Within the caller's transaction (nothing committed): mark an unpaid payment paid, fulfil its
    application, record both; the documents issued, or None when the payment was no longer pending. A
    payment group settles all its members this way in one transaction (portal/payment_groups.py)."""
    now = utcnow()
    claimed = await db.execute(
        update(Payment)
        .where(Payment.id == payment.id, Payment.status == "pending")
        .values(status="paid", method=method, settled_at=now, settled_by=actor, tendered_cents=tendered_cents)
        .returning(Payment.id)
    )
    if claimed.first() is None:
        return None
    store: CatalogStore = request.app.state.catalog
    service = (await store.snapshot()).services[application.service_code]
    issued = await fulfil(db, application, service, device.name, request.app.state.signer)
    application.updated_at = now
    db.add(
        ApplicationEvent(
            application_id=application.id, status=application.status, note=method, actor=actor, at=now
        )
    )
    await record(db, actor, device, "payment.settle", method, application.person_id, payment.id)
    return issued


def settling_actor(principal: Principal, method: str, made_on: str, people: list[str | None]) -> str:
    """Who settles, checked: cash by a clerk signed in at a counter; card by the kiosk the fee was made on
    (``made_on``), for the same person as every application paid (``people``; None: made for nobody). 403 for
    another terminal; 404 for another person, so the next citizen at a kiosk never sees the previous one's
    documents."""
    if method == "cash":
        actor = f"staff:{require_staff(principal)}"
        if principal.device.channel != "counter":
            raise forbidden()
        return actor
    # The kiosk's card terminal is simulated here: the kiosk reports the approved payment.
    if principal.device.channel != "kiosk" or made_on != principal.device.id:
        raise forbidden()
    if any(person is not None and person != principal.person_id for person in people):
        raise not_found()
    return principal.actor
