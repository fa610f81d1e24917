"""Payment groups: one Multibanco reference for several applications' fees, settled once for all of them."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import select

from portal.applications import IDEMPOTENCY_KEY
from portal.deps import CounterPrincipal, Db, Lang, TerminalPrincipal, presented_credential, require_staff
from portal.models import PaymentGroup
from portal.payment_groups import audit_counter_read, create_group, group_members, settle_group, settled_view
from portal.payments import settling_actor
from portal.problems import Problem, not_found
from portal.schemas import ApplicationOut, PaymentOut, ProblemOut, Strict

router = APIRouter(prefix="/v1/payment-groups", tags=["payments"])
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ProblemOut} for code in (400, 401, 403, 404, 409, 422)
}
APPLICATION_REFERENCE = r"^[0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$"


class NewPaymentGroup(Strict):
    references: list[Annotated[str, Field(pattern=APPLICATION_REFERENCE, max_length=14)]] = Field(
        min_length=2, max_length=10, description="References of applications awaiting payment, at least two"
    )


class PaymentGroupOut(PaymentOut):
    applications: list[str] = Field(description="The references of the applications it pays, in order")


class GroupSettlement(Strict):
    method: Literal["cash", "card"] = Field(
        description="cash: taken by a clerk at a counter; card: the payment terminal of the kiosk that made it"
    )


class SettledGroupOut(BaseModel):
    group: PaymentGroupOut
    applications: list[ApplicationOut]


@router.post("", status_code=201, response_model=PaymentGroupOut, responses=ERRORS)
async def create(
    request: Request,
    body: NewPaymentGroup,
    db: Db,
    principal: TerminalPrincipal,
    idempotency_key: Annotated[
        str | None, Header(description="Unique per group; a retry with the same key gets the same answer")
    ] = None,
) -> JSONResponse:
    """One Multibanco reference for the sum of the pending fees of these applications."""
    if not idempotency_key:
        raise Problem(400, "idempotency-key-missing", "problem.bad_request", "problem.idempotency_missing")
    if not IDEMPOTENCY_KEY.match(idempotency_key):
        raise Problem(400, "idempotency-key-invalid", "problem.bad_request", "problem.idempotency_invalid")
    status, response = await create_group(
        db, principal, body.references, idempotency_key, credential=presented_credential(request)
    )
    return JSONResponse(response, status_code=status)


@router.get("", response_model=SettledGroupOut, responses=ERRORS)
async def find_by_reference(
    entity: str, reference: str, db: Db, principal: CounterPrincipal, language: Lang
) -> dict[str, Any]:
    """A clerk looks up the joint reference a citizen brings to the counter."""
    staff_id = require_staff(principal)
    group = await db.scalar(
        select(PaymentGroup).where(PaymentGroup.entity == entity, PaymentGroup.reference == reference)
    )
    if group is None:
        raise not_found()
    await audit_counter_read(db, staff_id, principal.device, group, await group_members(db, group))
    await db.commit()
    return await settled_view(db, group, language)


@router.post("/{group_id}/settle", response_model=SettledGroupOut, responses=ERRORS)
async def settle(
    request: Request, group_id: str, body: GroupSettlement, db: Db, principal: TerminalPrincipal, language: Lang
) -> dict[str, Any]:
    """Mark the joint fee paid: every application it pays is settled and fulfilled, all or none."""
    group = await db.get(PaymentGroup, group_id, with_for_update=True)
    if group is None:
        raise not_found()
    people = [application.person_id for application, _payment in await group_members(db, group)]
    actor = settling_actor(principal, body.method, group.device_id, people)
    return await settle_group(request, db, group, body.method, actor, principal, language)
