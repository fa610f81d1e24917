"""Payment groups: one Multibanco reference for the fees of several applications (a life-event bundle).

The group's amount is the sum of its members' fees and its reference carries check digits for that sum
(portal/checkdigits.py), so it is paid like any other. Settling it settles every member in one
transaction: either all are paid and fulfilled, or none is (one that was paid on its own meanwhile refuses
the whole settlement, naming it). Creating one is idempotent like a submission (AnswerSeal).
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from fastapi import Request
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from portal.applications import (
    AWAITING_PAYMENT,
    AnswerSeal,
    commit_with_kept_answer,
    load_application_view,
    payment_view,
    replay_kept_answer,
    validation_problem,
)
from portal.audit import record
from portal.checkdigits import multibanco_reference
from portal.deps import DeviceIdentity, Principal
from portal.forms import FieldError
from portal.i18n import MESSAGES, Language
from portal.issuing import PAYMENT_ENTITY
from portal.models import Application, Payment, PaymentGroup, PaymentGroupMember, utcnow
from portal.payments import claim_and_fulfil, view_with_access_codes
from portal.problems import Problem
from portal.security import new_id

GROUP_MESSAGES: dict[Language, dict[str, str]] = {
    "en": {
        "field.payment_group_repeated": "Application {reference} is listed twice.",
        "field.payment_group_unknown": "There is no application {reference} of yours to pay here.",
        "field.payment_group_not_awaiting": "Application {reference} is not waiting for payment.",
        "field.payment_group_taken": "Application {reference} already has a joint payment reference.",
        "problem.payment_group_conflict.detail": (
            "One of these applications was given a joint payment reference at the same moment. Ask again."
        ),
        "problem.payment_group_member_paid": "Part of this payment was made separately",
        "problem.payment_group_member_paid.detail": (
            "Application {reference} was paid on its own, so the joint reference cannot be paid as well. "
            "Pay the other applications by their own references."
        ),
    },
    "pt": {
        "field.payment_group_repeated": "O pedido {reference} está repetido.",
        "field.payment_group_unknown": "Não há nenhum pedido {reference} seu para pagar aqui.",
        "field.payment_group_not_awaiting": "O pedido {reference} não está à espera de pagamento.",
        "field.payment_group_taken": "O pedido {reference} já tem uma referência de pagamento conjunta.",
        "problem.payment_group_conflict.detail": (
            "Um destes pedidos recebeu uma referência de pagamento conjunta no mesmo momento. Peça de novo."
        ),
        "problem.payment_group_member_paid": "Parte deste pagamento foi feita em separado",
        "problem.payment_group_member_paid.detail": (
            "O pedido {reference} foi pago à parte, por isso a referência conjunta já não pode ser paga. "
            "Pague os outros pedidos pelas suas próprias referências."
        ),
    },
}
for _language, _texts in GROUP_MESSAGES.items():
    MESSAGES[_language].update(_texts)


def group_fingerprint(references: list[str], principal: Principal) -> bytes:
    """What makes two group requests the same: the references, in order, and the person."""
    return json.dumps(
        {"payment_group": references, "person": principal.person_id}, separators=(",", ":")
    ).encode()


def may_pay_for(application: Application, principal: Principal) -> bool:
    """A terminal joins the fees of applications made on it for the person signed in (or nobody); a clerk
    signed in at a counter may join any."""
    if principal.device.channel == "counter" and principal.staff_id is not None:
        return True
    if application.device_id != principal.device.id:
        return False
    return application.person_id is None or application.person_id == principal.person_id


async def free_reference(db: AsyncSession, amount_cents: int) -> str:
    """A reference for this amount that neither a payment nor another group has."""
    while True:
        reference = multibanco_reference(PAYMENT_ENTITY, f"{secrets.randbelow(10**7):07d}", amount_cents)
        for table in (Payment, PaymentGroup):
            taken = await db.scalar(
                select(table.id).where(table.entity == PAYMENT_ENTITY, table.reference == reference)
            )
            if taken is not None:
                break
        else:
            return reference


async def member_payments(
    db: AsyncSession, references: list[str], principal: Principal
) -> list[tuple[Application, Payment]]:
    """Each application and its pending payment; 422 naming every reference that cannot join a group."""
    members: list[tuple[Application, Payment]] = []
    errors: list[FieldError] = []
    seen: set[str] = set()
    for index, reference in enumerate(references):
        field = f"references.{index}"
        application = await db.scalar(select(Application).where(Application.reference == reference))
        payment = None
        if application is not None:
            payment = await db.scalar(select(Payment).where(Payment.application_id == application.id))
        if reference in seen:
            errors.append(FieldError(field, "field.payment_group_repeated", {"reference": reference}))
        elif application is None or not may_pay_for(application, principal):
            errors.append(FieldError(field, "field.payment_group_unknown", {"reference": reference}))
        elif payment is None or payment.status != "pending" or application.status != AWAITING_PAYMENT:
            errors.append(FieldError(field, "field.payment_group_not_awaiting", {"reference": reference}))
        elif await db.get(PaymentGroupMember, payment.id) is not None:
            errors.append(FieldError(field, "field.payment_group_taken", {"reference": reference}))
        else:
            members.append((application, payment))
        seen.add(reference)
    if errors:
        raise validation_problem(errors)
    return members


def group_view(group: PaymentGroup, applications: list[str]) -> dict[str, Any]:
    view = payment_view(group)  # type: ignore[arg-type]  # the same fields as a payment's
    assert view is not None
    return {**view, "applications": applications}


async def create_group(
    db: AsyncSession,
    principal: Principal,
    references: list[str],
    idempotency_key: str,
    *,
    credential: str,
) -> tuple[int, dict[str, Any]]:
    """One reference for the pending fees of these applications, once per Idempotency-Key."""
    device = principal.device
    seal = AnswerSeal(credential, device.id, idempotency_key, group_fingerprint(references, principal))
    replay = await replay_kept_answer(db, device.id, seal)
    if replay is not None:
        return replay
    members = await member_payments(db, references, principal)
    amount = sum(payment.amount_cents for _application, payment in members)
    group = PaymentGroup(
        id=new_id(),
        device_id=device.id,
        entity=PAYMENT_ENTITY,
        reference=await free_reference(db, amount),
        amount_cents=amount,
        status="pending",
        created_at=utcnow(),
    )
    db.add(group)
    await db.flush()  # the group's row before its members' (their foreign key names it)
    for position, (_application, payment) in enumerate(members):
        db.add(PaymentGroupMember(payment_id=payment.id, group_id=group.id, position=position))
    for application, _payment in members:
        await record(
            db, principal.actor, device, "payment_group.create", "bundle", application.person_id, group.id
        )
    # The members' primary keys are the payments: a payment joined to another group meanwhile makes this
    # commit fail (409, nothing made), and a retry of the same key gets the first answer.
    try:
        return await commit_with_kept_answer(db, device.id, seal, 201, group_view(group, references))
    except IntegrityError:
        raise Problem(
            409, "payment-group-conflict", "problem.conflict", "problem.payment_group_conflict.detail"
        ) from None


async def group_members(db: AsyncSession, group: PaymentGroup) -> list[tuple[Application, Payment]]:
    rows = await db.execute(
        select(Application, Payment)
        .join(Payment, Payment.application_id == Application.id)
        .join(PaymentGroupMember, PaymentGroupMember.payment_id == Payment.id)
        .where(PaymentGroupMember.group_id == group.id)
        .order_by(PaymentGroupMember.position)
    )
    return [(application, payment) for application, payment in rows.tuples()]


async def audit_counter_read(
    db: AsyncSession,
    staff_id: str,
    device: DeviceIdentity,
    group: PaymentGroup,
    members: list[tuple[Application, Payment]],
) -> None:
    """A clerk looked a payment group up to settle it: one audit record per person it pays for, as a single
    payment's lookup makes."""
    for application, _payment in members:
        await record(
            db,
            f"staff:{staff_id}",
            device,
            "payment.read",
            "settle at counter",
            application.person_id,
            group.id,
        )


async def settled_view(
    db: AsyncSession, group: PaymentGroup, language: Language, issued: dict[str, list[Any]] | None = None
) -> dict[str, Any]:
    """The group and every member application as it stands (with access codes just issued, if any)."""
    members = await group_members(db, group)
    views = []
    for application, _payment in members:
        if issued is not None:
            views.append(await view_with_access_codes(db, application, issued[application.id], language))
        else:
            views.append(await load_application_view(db, application, language))
    return {
        "group": group_view(group, [application.reference for application, _payment in members]),
        "applications": views,
    }


async def settle_group(
    request: Request,
    db: AsyncSession,
    group: PaymentGroup,
    method: str,
    actor: str,
    principal: Principal,
    language: Language,
    *,
    tendered_cents: int | None = None,
) -> dict[str, Any]:
    """Mark the group paid and settle every member in one transaction; a retry (or a second counter) gets
    the group as it stands, nothing charged twice. 409 naming a member that was paid on its own.
    ``tendered_cents``: the cash handed over at a counter for the whole group (portal/staff_groups.py)."""
    claimed = await db.execute(
        update(PaymentGroup)
        .where(PaymentGroup.id == group.id, PaymentGroup.status == "pending")
        .values(
            status="paid", method=method, settled_at=utcnow(), settled_by=actor, tendered_cents=tendered_cents
        )
        .returning(PaymentGroup.id)
    )
    if claimed.first() is None:
        await db.rollback()
        await db.refresh(group)
        return await settled_view(db, group, language)
    issued: dict[str, list[Any]] = {}
    for application, payment in await group_members(db, group):
        documents = await claim_and_fulfil(request, db, payment, application, method, actor, principal.device)
        if documents is None:
            reference = application.reference
            await db.rollback()
            raise Problem(
                409,
                "payment-group-member-paid",
                "problem.payment_group_member_paid",
                "problem.payment_group_member_paid.detail",
                extensions={"application": reference},
                reference=reference,
            )
        issued[application.id] = documents
    await record(db, actor, principal.device, "payment_group.settle", method, principal.person_id, group.id)
    await db.commit()
    await db.refresh(group)
    return await settled_view(db, group, language, issued)
