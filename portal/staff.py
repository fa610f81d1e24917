"""What the portal does for a clerk at a counter: pending applications, a citizen's history, cash, the drawer.

The routes are in portal/routes/staff.py; the day's statistics in portal/stats.py.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from stdnum.be import nn as belgian_national_number

from portal.applications import (
    AWAITING_CONFIRMATION,
    AWAITING_PAYMENT,
    SUBMITTED,
    document_view,
    load_application_view,
)
from portal.audit import record
from portal.catalog_store import CatalogSnapshot
from portal.deps import STAFF_RANK, Principal
from portal.forms import FieldError
from portal.i18n import MESSAGES, Language
from portal.models import Application, Document, Payment, PaymentGroup, PaymentGroupMember, Person, StaffUser
from portal.payments import locked_payment, settle_and_fulfil
from portal.problems import Problem, not_found
from portal.ratelimit import hit

PENDING = (SUBMITTED, "in_progress")
"""What a back office still has to decide: received, or being dealt with."""
STATUSES = (SUBMITTED, "in_progress", "approved", "rejected", "sent_by_post", "closed", AWAITING_PAYMENT,
            AWAITING_CONFIRMATION, "completed")  # fmt: skip
HISTORY_PURPOSES = (
    "service_request",
    "application_enquiry",
    "payment",
    "document_reprint",
    "identity_check",
)
"""Why a clerk opens a citizen's history: a code, so no free text (and no personal data) reaches the audit."""
MAX_CHANGE_CENTS = 50_000
"""Change above this is refused: no counter drawer holds it, and it is almost always a typing slip."""
HISTORY_LIMIT = 100

# The portal's message table is one dict; the staff texts live here, beside the rules that use them.
STAFF_MESSAGES: dict[Language, dict[str, str]] = {
    "en": {
        "field.document_number": (
            "Enter a citizen card number like 12345678 9 ZZ1, a civil identification number of 8 digits, "
            "or a Belgian national number of 11 digits."
        ),
        "field.tendered_too_low": "The cash handed over ({tendered}) is less than the amount due ({due}).",
        "field.tendered_too_high": "The change would be {change}; no more than {limit} can be given in change.",
        "problem.citizen_not_found": "There is no citizen with this document number in the portal.",
        "problem.already_paid": "This fee is already paid; nothing was charged again.",
    },
    "pt": {
        "field.document_number": (
            "Indique o número do cartão de cidadão (como 12345678 9 ZZ1), o número de identificação civil "
            "com 8 algarismos, ou o número nacional belga com 11 algarismos."
        ),
        "field.tendered_too_low": "O valor entregue ({tendered}) é inferior ao valor a pagar ({due}).",
        "field.tendered_too_high": "O troco seria {change}; não se pode dar mais de {limit} de troco.",
        "problem.citizen_not_found": "Não existe no portal nenhum cidadão com este número de documento.",
        "problem.already_paid": "Esta taxa já está paga; não foi cobrado nada outra vez.",
    },
}
for _language, _texts in STAFF_MESSAGES.items():
    assert not set(_texts) & set(MESSAGES[_language]), "a staff message id is already in portal/i18n.py"
    MESSAGES[_language].update(_texts)

_PT_CARD_NUMBER = re.compile(r"^(\d{8})\s*\d\s*[A-Z0-9]{2}\s*\d$")
_PT_CIVIL_ID = re.compile(r"^(\d{8})(\s*\d)?$")


def roles_of(role: str) -> list[str]:
    """The roles a staff member holds: a supervisor is also a clerk, an admin also a supervisor."""
    rank = STAFF_RANK.get(role, 0)
    return [name for name, level in STAFF_RANK.items() if level <= rank]


def civil_id_from_document_number(value: str) -> str:
    """The civil id a person is filed under, from the number a clerk typed or the card reader gave.

    Portuguese citizen card numbers (``12345678 9 ZZ1``) and civil identification numbers carry the civil id
    in their first 8 digits; only the shape is checked, since the demo cards do not all carry valid check
    characters. A Belgian national number is checked with its mod-97 digits. 422 naming the field otherwise.
    """
    text = value.strip().upper()
    match = _PT_CARD_NUMBER.match(text) or _PT_CIVIL_ID.match(text)
    if match:
        return match.group(1)
    compact = belgian_national_number.compact(text) if len(text) <= 20 else ""
    if len(compact) == 11 and belgian_national_number.is_valid(compact):
        return compact
    raise Problem(
        422,
        "invalid-request",
        "problem.validation",
        "problem.validation.detail",
        errors=[FieldError("document_number", "field.document_number", {})],
    )


async def staff_profile(db: AsyncSession, staff_id: str) -> dict[str, Any]:
    staff = await db.get(StaffUser, staff_id)
    if staff is None:  # pragma: no cover - a session's staff row is checked when the session is read
        raise not_found()
    return {
        "staff_id": staff.id,
        "username": staff.username,
        "name": staff.display_name,
        "role": staff.role,
        "roles": roles_of(staff.role),
    }


def application_summary(
    application: Application, payment: Payment | None, snapshot: CatalogSnapshot, language: Language
) -> dict[str, Any]:
    """One line of a clerk's list: what, where and how far, never who."""
    service = snapshot.services.get(application.service_code)
    return {
        "reference": application.reference,
        "service_code": application.service_code,
        "service_name": service.name.in_(language) if service else application.service_code,
        "status": application.status,
        "channel": application.channel,
        "created_at": application.created_at,
        "updated_at": application.updated_at,
        "payment_status": payment.status if payment else None,
    }


async def _summaries(
    db: AsyncSession, query: Select[Any], snapshot: CatalogSnapshot, language: Language
) -> list[dict[str, Any]]:
    rows = (await db.execute(query)).tuples().all()
    return [application_summary(application, payment, snapshot, language) for application, payment in rows]


def _with_payment(query: Select[Any]) -> Select[Any]:
    return query.add_columns(Payment).outerjoin(Payment, Payment.application_id == Application.id)


async def pending_applications(
    db: AsyncSession,
    snapshot: CatalogSnapshot,
    language: Language,
    status: str,
    service: str | None,
    limit: int,
    offset: int,
) -> dict[str, Any]:
    """Applications by status ("pending": received or being dealt with) and service, oldest first."""
    statuses = PENDING if status == "pending" else (status,)
    conditions: list[ColumnElement[bool]] = [Application.status.in_(statuses)]
    if service:
        conditions.append(Application.service_code == service)
    total = await db.scalar(select(func.count()).select_from(Application).where(*conditions))
    query = _with_payment(
        select(Application)
        .where(*conditions)
        .order_by(Application.created_at, Application.id)
        .limit(limit)
        .offset(offset)
    )
    items = await _summaries(db, query, snapshot, language)
    await db.rollback()
    return {"items": items, "total": int(total or 0), "limit": limit, "offset": offset}


async def citizen_history(
    db: AsyncSession,
    snapshot: CatalogSnapshot,
    principal: Principal,
    staff_id: str,
    document_number: str,
    purpose: str,
    language: Language,
    limit_per_minute: int,
) -> dict[str, Any]:
    """A citizen's applications and documents, for a clerk who states why; audited even when nobody is found.
    At most ``limit_per_minute`` lookups per clerk and minute (429 beyond)."""
    # Counted per clerk, so a stolen staff session cannot walk through the register.
    await hit(db, f"citizen-history:{staff_id}", limit_per_minute, commit=False)
    civil_id = civil_id_from_document_number(document_number)
    person = await db.scalar(select(Person).where(Person.civil_id == civil_id))
    actor = f"staff:{staff_id}"
    await record(db, actor, principal.device, "citizen.history", purpose, person.id if person else None)
    await db.commit()
    if person is None:
        raise not_found("problem.citizen_not_found")
    applications = await _summaries(
        db,
        _with_payment(
            select(Application)
            .where(Application.person_id == person.id)
            .order_by(Application.created_at.desc())
            .limit(HISTORY_LIMIT)
        ),
        snapshot,
        language,
    )
    rows = (
        await db.execute(
            select(Document, Application.reference)
            .join(Application, Application.id == Document.application_id)
            .where(Document.person_id == person.id)
            .order_by(Document.issued_at.desc())
            .limit(HISTORY_LIMIT)
        )
    ).tuples()
    documents = []
    for document, reference in rows:
        view = document_view(document, None, language)
        fields = ("id", "type", "title", "status", "issued_at", "expires_at")
        documents.append({"application_reference": reference, **{name: view[name] for name in fields}})
    name = {"given_names": person.given_names, "surname": person.surname}
    await db.rollback()
    return {
        "person": name,
        "applications": applications,
        "documents": documents,
    }


def euros(cents: int, language: Language) -> str:
    """Money in a message, as each language writes it."""
    amount = f"{cents / 100:.2f}"
    return f"{amount.replace('.', ',')} €" if language == "pt" else f"€{amount}"


def _tendered_problem(code: str, **values: object) -> Problem:
    return Problem(
        422,
        "invalid-request",
        "problem.validation",
        "problem.validation.detail",
        errors=[FieldError("tendered_cents", code, values)],
    )


def checked_tendered(tendered_cents: int, due_cents: int, language: Language) -> None:
    """The cash handed over must cover what is due, and the change must fit in a drawer; 422 otherwise."""
    if tendered_cents < due_cents:
        raise _tendered_problem(
            "field.tendered_too_low", tendered=euros(tendered_cents, language), due=euros(due_cents, language)
        )
    if tendered_cents - due_cents > MAX_CHANGE_CENTS:
        raise _tendered_problem(
            "field.tendered_too_high",
            change=euros(tendered_cents - due_cents, language),
            limit=euros(MAX_CHANGE_CENTS, language),
        )


@dataclass(frozen=True)
class CashTaken:
    payment: Payment
    application: Application
    view: dict[str, Any]


async def take_cash(
    request: Request,
    db: AsyncSession,
    principal: Principal,
    staff_id: str,
    payment_id: str,
    tendered_cents: int,
    language: Language,
) -> CashTaken:
    """Settle a fee in cash: the amount handed over must cover it, the change must fit in a drawer.

    Sending the same settlement again (a retry) answers as the first time without charging twice; a
    different amount for a payment already paid is a 409.
    """
    payment, application = await locked_payment(db, payment_id)
    if payment.status != "paid":
        checked_tendered(tendered_cents, payment.amount_cents, language)
        actor = f"staff:{staff_id}"
        view = await settle_and_fulfil(
            request,
            db,
            payment,
            application,
            "cash",
            actor,
            principal.device,
            language,
            tendered_cents=tendered_cents,
        )
        if view is not None:
            return CashTaken(payment, application, view)
    # Paid already, maybe a moment ago by another request: the same settlement is answered again, not charged.
    if payment.method == "cash" and payment.tendered_cents == tendered_cents:
        return CashTaken(payment, application, await load_application_view(db, application, language))
    raise Problem(409, "conflict", "problem.conflict", "problem.already_paid")


def cash_settlement(
    taken: CashTaken, clerk_name: str, place: str, snapshot: CatalogSnapshot, language: Language
) -> dict[str, Any]:
    """The answer to a cash settlement: the change to give and everything the printed receipt shows."""
    payment, application = taken.payment, taken.application
    tendered = payment.tendered_cents or payment.amount_cents
    service = snapshot.services.get(application.service_code)
    assert payment.settled_at is not None
    return {
        "payment_id": payment.id,
        "amount_cents": payment.amount_cents,
        "tendered_cents": tendered,
        "change_cents": tendered - payment.amount_cents,
        "settled_at": payment.settled_at,
        "receipt": {
            "number": f"{payment.entity} {payment.reference}",
            "service_name": service.name.in_(language) if service else application.service_code,
            "application_reference": application.reference,
            "clerk": clerk_name,
            "place": place,
        },
        "application": taken.view,
    }


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """A day as the portal counts it: the UTC date, as the queue numbers its tickets."""
    start = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
    return start, start + dt.timedelta(days=1)


async def staff_names(db: AsyncSession, staff_ids: set[str]) -> dict[str, str]:
    if not staff_ids:
        return {}
    rows = await db.execute(select(StaffUser.id, StaffUser.display_name).where(StaffUser.id.in_(staff_ids)))
    return {staff_id: name for staff_id, name in rows.tuples()}


async def drawer(db: AsyncSession, principal: Principal, staff_id: str, day: dt.date) -> dict[str, Any]:
    """Cash taken on one day, per clerk: a clerk sees their own drawer, a supervisor every clerk's."""
    start, end = day_bounds(day)
    # A payment group paid in cash is one handover: counted as one payment with its own tendered amount, its
    # members' payments left out (they carry no tendered amount of their own).
    in_cash_group = (
        select(PaymentGroupMember.payment_id)
        .join(PaymentGroup, PaymentGroup.id == PaymentGroupMember.group_id)
        .where(PaymentGroup.method == "cash")
    )
    totals: dict[str | None, list[int]] = {}
    for table, extra in ((Payment, Payment.id.not_in(in_cash_group)), (PaymentGroup, None)):
        query = select(
            table.settled_by,
            func.count(),
            func.sum(table.amount_cents),
            func.sum(func.coalesce(table.tendered_cents, table.amount_cents)),
        ).where(table.method == "cash", table.settled_at >= start, table.settled_at < end)
        if extra is not None:
            query = query.where(extra)
        if STAFF_RANK.get(principal.staff_role or "", 0) < STAFF_RANK["supervisor"]:
            query = query.where(table.settled_by == f"staff:{staff_id}")
        for actor, count, amount, tendered in (await db.execute(query.group_by(table.settled_by))).tuples():
            row = totals.setdefault(actor, [0, 0, 0])
            row[0] += int(count)
            row[1] += int(amount or 0)
            row[2] += int(tendered or 0)
    ids = {str(actor).removeprefix("staff:") for actor in totals if actor}
    names = await staff_names(db, ids | {staff_id})
    clerks = []
    for actor, (count, amount, tendered) in totals.items():
        clerk = str(actor or "").removeprefix("staff:")
        clerks.append(
            {
                "staff_id": clerk,
                "name": names.get(clerk, clerk),
                "payments": int(count),
                "cash_cents": int(amount or 0),
                "tendered_cents": int(tendered or 0),
                "change_cents": int((tendered or 0) - (amount or 0)),
            }
        )
    clerks.sort(key=lambda row: (row["name"], row["staff_id"]))
    await db.rollback()
    return {
        "date": day,
        "clerks": clerks,
        "payments": sum(row["payments"] for row in clerks),
        "cash_cents": sum(row["cash_cents"] for row in clerks),
    }
