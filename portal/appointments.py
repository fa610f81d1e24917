"""The appointment book of a branch: booked by a clerk, checked in at arrival, then a ticket like any other.

Rules (docs/portal.md, "Appointments"):

* A booking has a branch, a queue category, an optional service, a start time and a booking code of eight
  characters from the portal's unambiguous alphabet (``HK3M-7QPA``: no 0/O, 1/I/L), about 10^12 codes, so
  guessing one of a day's few hundred is hopeless within the per-kiosk attempt limit. Only its SHA-256 is
  stored; a lookup by digest is then confirmed with a constant-time comparison.
* The person may be named by a holder reference: an HMAC-SHA-256 of the civil id in their document number
  under the portal's digest key (portal.security.keyed_digest), never the number or a name, so a card read at
  the kiosk finds the booking without the portal keeping the number, and a copy of the table cannot be
  searched by trying every number. Migration 0011 cleared the unkeyed references kept before.
* Check-in is open from the window's ``early`` before the start to its ``late`` after it (portal settings,
  30 and 15 minutes by default). Earlier is refused with the time to come back; later marks the booking
  missed and offers an ordinary ticket.
* Check-in issues a ticket of the booking's category (portal/queue.issue) linked to the booking and due at
  its start: from then on call-next serves it after the priority category and before walk-ins.
* Exactly once: the booking moves from booked to checked_in in one conditional UPDATE, the first statement
  of its transaction, so of two kiosks checking in the same code at once one gets the ticket and the other a
  409 naming it; a retry with the same Idempotency-Key gets the same ticket again.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from portal import queue
from portal.i18n import LANGUAGES, MESSAGES
from portal.models import utcnow
from portal.models_queue import Appointment, QueueCategoryRow, Ticket
from portal.problems import Problem, not_found
from portal.security import DEMO_DIGEST_KEY, code_digest, keyed_digest, new_code, new_id
from portal.settings import PortalSettings
from portal.staff import civil_id_from_document_number

BOOKED, CHECKED_IN, CANCELLED, MISSED = "booked", "checked_in", "cancelled", "missed"
HOLDER_PURPOSE = "appointment holder v2"
"""v1 was an unkeyed SHA-256 (cleared by migration 0011)."""


@dataclass(frozen=True)
class Window:
    """When a booking can be checked in, around its start (settings check_in_early/late_minutes)."""

    early: dt.timedelta = dt.timedelta(minutes=30)
    """Earlier, a person would sit in the room for longer than most walk-ins wait: come back later."""
    late: dt.timedelta = dt.timedelta(minutes=15)
    """Later, the slot has gone to others: the booking is missed and an ordinary ticket is offered."""

    @classmethod
    def of(cls, settings: PortalSettings) -> Window:
        return cls(
            dt.timedelta(minutes=settings.check_in_early_minutes),
            dt.timedelta(minutes=settings.check_in_late_minutes),
        )


DEFAULT_WINDOW = Window()
CODE_GROUPS = 2
"""Two groups of four characters: short enough to type on a kiosk, 31^8 ~ 8.5 x 10^11 possible codes."""
CHECK_IN_ATTEMPTS_PER_MINUTE = 30
"""Per device: more than a queue of people at one kiosk needs, far too few to guess codes."""
BOOK_AHEAD = dt.timedelta(days=90)
DEMO_BRANCH = "demo"
"""The branch queue.ensure_demo_branch makes, where the demo bookings go."""

DEMO_APPOINTMENTS: tuple[tuple[str, str, int, str | None], ...] = (
    # booking code, category, minutes from the moment of seeding, civil id of the demo holder
    ("HK3M-7QPA", "A", 10, None),
    ("CR4T-9WXE", "C", 5, "12345678"),
    ("B2ZN-6UFY", "B", 150, None),
    ("MS8D-4GVH", "A", -60, None),
)
"""Demo bookings for the day the portal starts (docs/portal.md names them): one due now, one for the demo
card of Maria (12345678), one too early to check in, one missed."""

_TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "problem.appointment.unknown": "There is no appointment with this code. Check the code and try again.",
        "problem.appointment.not_today": (
            "This appointment is on {date} at {time}. Please come back on that day."
        ),
        "problem.appointment.too_early": (
            "Your appointment is at {time}. You can check in from {opens}: please come back then."
        ),
        "problem.appointment.missed": (
            "Your appointment was at {time} and check-in closed at {closed}. "
            "Please take an ordinary ticket instead."
        ),
        "problem.appointment.checked_in": "This appointment is already checked in: ticket {number}.",
        "problem.appointment.cancelled": "This appointment was cancelled. Please take an ordinary ticket.",
        "problem.appointment.no_card_booking": (
            "There is no appointment for this card here today. Please take an ordinary ticket."
        ),
        "field.appointment_past": "The time has already passed: choose a later one.",
        "field.appointment_far": "Appointments can be booked up to {days} days ahead.",
    },
    "pt": {
        "problem.appointment.unknown": (
            "Não existe marcação com este código. Verifique o código e tente de novo."
        ),
        "problem.appointment.not_today": "Esta marcação é no dia {date} às {time}. Volte nesse dia, por favor.",
        "problem.appointment.too_early": (
            "A sua marcação é às {time}. Pode fazer o registo de chegada a partir das {opens}: "
            "volte nessa hora."
        ),
        "problem.appointment.missed": (
            "A sua marcação era às {time} e o registo de chegada fechou às {closed}. "
            "Tire uma senha normal, por favor."
        ),
        "problem.appointment.checked_in": "Esta marcação já tem registo de chegada: senha {number}.",
        "problem.appointment.cancelled": "Esta marcação foi cancelada. Tire uma senha normal, por favor.",
        "problem.appointment.no_card_booking": (
            "Não há marcação para este cartão hoje nesta loja. Tire uma senha normal, por favor."
        ),
        "field.appointment_past": "Essa hora já passou: escolha uma hora mais tarde.",
        "field.appointment_far": "Só é possível marcar até {days} dias de antecedência.",
    },
}
for _language in LANGUAGES:
    # The appointment book's messages join the portal's; a clash would silently change another text.
    assert not set(_TEXTS[_language]) & set(MESSAGES[_language]), "appointment message ids must be new"
    MESSAGES[_language].update(_TEXTS[_language])


def holder_ref(document_number: str, key: bytes) -> str:
    """The person's reference in the book: a keyed digest of their civil id (card number or civil id typed)."""
    return keyed_digest(key, HOLDER_PURPOSE, civil_id_from_document_number(document_number))


def _field_problem(field: str, code: str, **values: object) -> Problem:
    from portal.applications import validation_problem
    from portal.forms import FieldError

    return validation_problem([FieldError(field, code, values)])


def _hhmm(moment: dt.datetime, zone: dt.tzinfo) -> str:
    return moment.astimezone(zone).strftime("%H:%M")


async def view(
    db: AsyncSession, row: Appointment, now: dt.datetime | None = None, window: Window = DEFAULT_WINDOW
) -> dict[str, Any]:
    """What a clerk's list and a check-in answer show: never who, only when, what and where it stands.

    A booking still 'booked' once its check-in has closed reads as missed (the row changes at the next try).
    """
    now = now or utcnow()
    zone = await queue.branch_zone(db, row.branch_code)
    state = MISSED if row.state == BOOKED and now > row.starts_at + window.late else row.state
    number = None
    if row.ticket_id:
        number = await db.scalar(select(Ticket.number).where(Ticket.id == row.ticket_id))
    return {
        "id": row.id,
        "category": row.category_code,
        "service": row.service_code,
        "starts_at": row.starts_at.isoformat(),
        "local_time": _hhmm(row.starts_at, zone),
        "day": row.day,
        "state": state,
        "with_holder": row.holder_ref is not None,
        "ticket": number,
    }


async def book(
    db: AsyncSession,
    branch: str,
    category: str,
    starts_at: dt.datetime,
    staff_id: str | None,
    *,
    holder_key: bytes,
    service: str | None = None,
    document_number: str | None = None,
    code: str | None = None,
    now: dt.datetime | None = None,
) -> tuple[Appointment, str]:
    """A new booking and its code (shown once: only its digest is kept). Commits."""
    now = now or utcnow()
    if await db.get(QueueCategoryRow, (branch, category)) is None:
        raise _field_problem("category", "field.queue_category")
    if code is None and starts_at < now:
        raise _field_problem("starts_at", "field.appointment_past")
    if starts_at > now + BOOK_AHEAD:
        raise _field_problem("starts_at", "field.appointment_far", days=BOOK_AHEAD.days)
    holder = holder_ref(document_number, holder_key) if document_number else None
    code = code or new_code(CODE_GROUPS, 4)
    row = Appointment(
        id=new_id(),
        branch_code=branch,
        category_code=category,
        service_code=service,
        starts_at=starts_at,
        day=queue.local_day(await queue.branch_zone(db, branch), starts_at),
        code_hash=code_digest(code),
        holder_ref=holder,
        state=BOOKED,
        booked_by=staff_id,
        created_at=now,
    )
    db.add(row)
    await db.commit()
    return row, code


async def day_book(db: AsyncSession, branch: str, day: dt.date | None = None) -> list[Appointment]:
    """The branch's bookings of one local day (today there by default), by start time."""
    if day is None:
        day_text = queue.local_day(await queue.branch_zone(db, branch), utcnow())
    else:
        day_text = day.isoformat()
    query = (
        select(Appointment)
        .where(Appointment.branch_code == branch, Appointment.day == day_text)
        .order_by(Appointment.starts_at, Appointment.id)
    )
    return list(await db.scalars(query))


async def find(db: AsyncSession, branch: str, appointment_id: str) -> Appointment:
    row = await db.get(Appointment, appointment_id)
    if row is None or row.branch_code != branch:
        raise not_found("problem.appointment.unknown")
    return row


async def by_code(db: AsyncSession, branch: str, code: str) -> Appointment:
    """The booking with this code at this branch; 404 in plain words otherwise."""
    digest = code_digest(code)
    row = await db.scalar(select(Appointment).where(Appointment.code_hash == digest))
    # The index finds the row; the comparison that decides is constant-time, like every code check here.
    if row is None or not secrets.compare_digest(row.code_hash, digest) or row.branch_code != branch:
        raise not_found("problem.appointment.unknown")
    return row


async def by_holder(
    db: AsyncSession,
    branch: str,
    document_number: str,
    now: dt.datetime,
    *,
    holder_key: bytes,
    window: Window = DEFAULT_WINDOW,
) -> Appointment:
    """The holder's booking nearest to now, still booked, of today or whose check-in window is open now (a
    booking at 00:10 opens at 23:40 the day before); 404 in plain words otherwise."""
    reference = holder_ref(document_number, holder_key)
    day = queue.local_day(await queue.branch_zone(db, branch), now)
    rows = list(
        await db.scalars(
            select(Appointment).where(
                Appointment.branch_code == branch,
                Appointment.holder_ref == reference,
                Appointment.state == BOOKED,
                or_(
                    Appointment.day == day,
                    Appointment.starts_at.between(now - window.late, now + window.early),
                ),
            )
        )
    )
    if not rows:
        raise not_found("problem.appointment.no_card_booking")
    return min(rows, key=lambda row: abs((row.starts_at - now).total_seconds()))


async def cancel(
    db: AsyncSession, branch: str, appointment_id: str, window: Window = DEFAULT_WINDOW
) -> Appointment:
    row = await find(db, branch, appointment_id)
    if row.state != BOOKED:
        raise await _state_problem(db, row, window)
    row.state, row.cancelled_at = CANCELLED, utcnow()
    await db.commit()
    return row


async def _state_problem(db: AsyncSession, row: Appointment, window: Window) -> Problem:
    if row.state == CHECKED_IN:
        number = await db.scalar(select(Ticket.number).where(Ticket.id == row.ticket_id)) or ""
        return Problem(
            409, "appointment-checked-in", "problem.conflict", "problem.appointment.checked_in", number=number
        )
    if row.state == CANCELLED:
        return Problem(409, "appointment-cancelled", "problem.conflict", "problem.appointment.cancelled")
    zone = await queue.branch_zone(db, row.branch_code)
    return Problem(
        409,
        "appointment-missed",
        "problem.conflict",
        "problem.appointment.missed",
        time=_hhmm(row.starts_at, zone),
        closed=_hhmm(row.starts_at + window.late, zone),
    )


async def _check_window(db: AsyncSession, row: Appointment, now: dt.datetime, window: Window) -> None:
    """Refuse a check-in outside its window, saying when to come back or that the booking is missed. Both
    edges are inside: at start - early and at start + late exactly, the person is checked in."""
    zone = await queue.branch_zone(db, row.branch_code)
    opens = row.starts_at - window.early
    if now < opens and row.day != queue.local_day(zone, now):
        raise Problem(
            409,
            "appointment-not-today",
            "problem.conflict",
            "problem.appointment.not_today",
            extensions={"opens_at": opens.isoformat()},
            date=row.day,
            time=_hhmm(row.starts_at, zone),
        )
    if now < opens:
        raise Problem(
            409,
            "appointment-too-early",
            "problem.conflict",
            "problem.appointment.too_early",
            extensions={"opens_at": opens.isoformat()},
            time=_hhmm(row.starts_at, zone),
            opens=_hhmm(opens, zone),
        )
    if now > row.starts_at + window.late:
        appointment_id, branch = row.id, row.branch_code
        await db.rollback()  # the write is the first statement of its transaction, as in check_in
        await db.execute(
            update(Appointment)
            .where(Appointment.id == appointment_id, Appointment.state == BOOKED)
            .values(state=MISSED)
        )
        await db.commit()
        raise await _state_problem(db, await find(db, branch, appointment_id), window)


async def check_in(
    db: AsyncSession,
    row: Appointment,
    device_id: str,
    request: str,
    *,
    staff_id: str | None = None,
    now: dt.datetime | None = None,
    window: Window = DEFAULT_WINDOW,
) -> Ticket:
    """The booking's ticket (rules in the module docstring); commits. ``request`` is queue.request_key."""
    now = now or utcnow()
    if row.state != BOOKED:
        raise await _state_problem(db, row, window)
    await _check_window(db, row, now, window)
    appointment_id, branch, category, starts_at = row.id, row.branch_code, row.category_code, row.starts_at
    # The claim must be the first statement of its transaction: on SQLite a transaction that read first could
    # not take the write lock once another check-in had committed; on PostgreSQL the loser waits, then misses.
    await db.rollback()
    claimed = await db.execute(
        update(Appointment)
        .where(Appointment.id == appointment_id, Appointment.state == BOOKED)
        .values(state=CHECKED_IN, checked_in_at=now)
        .returning(Appointment.id)
    )
    if claimed.scalar_one_or_none() is None:
        await db.rollback()
        raise await _state_problem(db, await find(db, branch, appointment_id), window)
    ticket = await queue.issue(
        db,
        branch,
        category,
        device_id,
        appointment=appointment_id,
        due_at=starts_at,
        staff_id=staff_id,
        request=request,
        now=now,
    )
    await db.execute(update(Appointment).where(Appointment.id == appointment_id).values(ticket_id=ticket.id))
    await db.commit()
    return ticket


async def ensure_demo_appointments(db: AsyncSession, now: dt.datetime | None = None) -> None:
    """The demo bookings (DEMO_APPOINTMENTS), moved to today when the portal starts on a later day; their
    holder references under the demo key (a demo portal has no other, PortalSettings), written again when
    missing (migration 0011 cleared them)."""
    now = (now or utcnow()).replace(second=0, microsecond=0)
    zone = await queue.branch_zone(db, DEMO_BRANCH)
    today = queue.local_day(zone, now)
    for code, category, minutes, civil_id in DEMO_APPOINTMENTS:
        starts_at = now + dt.timedelta(minutes=minutes)
        holder = holder_ref(civil_id, DEMO_DIGEST_KEY) if civil_id else None
        row = await db.scalar(select(Appointment).where(Appointment.code_hash == code_digest(code)))
        if row is None:
            await book(
                db,
                DEMO_BRANCH,
                category,
                starts_at,
                None,
                holder_key=DEMO_DIGEST_KEY,
                document_number=civil_id,
                code=code,
                now=now,
            )
            continue
        if row.day != today:
            row.starts_at, row.day, row.state = starts_at, queue.local_day(zone, starts_at), BOOKED
            row.ticket_id = row.checked_in_at = row.cancelled_at = None
        row.holder_ref = holder
        await db.commit()
