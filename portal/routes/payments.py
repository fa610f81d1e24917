"""Payments: find a reference at the counter, settle it (cash by a clerk), then fulfil the application."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request
from pydantic import Field
from sqlalchemy import select

from portal.applications import load_application_view, payment_view
from portal.audit import record
from portal.deps import CounterPrincipal, Db, Lang, TerminalPrincipal, require_staff
from portal.models import Application, Payment
from portal.payments import locked_payment, settle_and_fulfil, settling_actor
from portal.problems import not_found
from portal.schemas import ApplicationOut, PaymentOut, ProblemOut, Strict

router = APIRouter(prefix="/v1/payments", tags=["payments"])
ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ProblemOut} for code in (401, 403, 404, 409, 422)}


class Settlement(Strict):
    method: Literal["cash", "card"] = Field(
        description="cash: taken by a clerk at a counter; card: the kiosk's payment terminal"
    )


@router.get("", response_model=PaymentOut, responses=ERRORS)
async def find_by_reference(entity: str, reference: str, db: Db, principal: CounterPrincipal) -> dict[str, Any]:
    """A clerk looks up the Multibanco reference a citizen brings to the counter."""
    staff_id = require_staff(principal)
    payment = await db.scalar(select(Payment).where(Payment.entity == entity, Payment.reference == reference))
    if payment is None:
        raise not_found()
    application = await db.get(Application, payment.application_id)
    await record(
        db,
        f"staff:{staff_id}",
        principal.device,
        "payment.read",
        "settle at counter",
        application.person_id if application else None,
        payment.id,
    )
    await db.commit()
    view = payment_view(payment)
    assert view is not None
    return view


@router.post("/{payment_id}/settle", response_model=ApplicationOut, responses=ERRORS)
async def settle(
    request: Request, payment_id: str, body: Settlement, db: Db, principal: TerminalPrincipal, language: Lang
) -> dict[str, Any]:
    """Mark the fee paid and fulfil the application; instant services answer with their documents."""
    payment, application = await locked_payment(db, payment_id)
    actor = settling_actor(principal, body.method, application.device_id, [application.person_id])
    if payment.status != "paid":
        view = await settle_and_fulfil(
            request, db, payment, application, body.method, actor, principal.device, language
        )
        if view is not None:
            return view
    # Paid already (maybe a moment ago, by another request): the application as it stands, nothing charged.
    return await load_application_view(db, application, language)
