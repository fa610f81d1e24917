"""The queue of a branch: where a device is, its lines and desks, and its tickets: issuing them (numbered per
line and day), finding them, a ticket's place and estimated wait.

Beside it: portal/queue_calling.py (a desk calls the next ticket and acts on it), portal/queue_estimates.py
(waiting-time estimates), portal/queue_board.py (the lines' waiting counts and the public display),
portal/queue_directory.py (what a worker keeps of branches, desks and lines), portal/help_requests.py (calls
for help), portal/models_queue.py (the tables). Rules (docs/portal.md, "The queue"):

* A ticket's number is its line's prefix and its place in that line's day (A001, A002...), the day being the
  branch's local day; numbers start again every day, and two kiosks never get the same one.
* Every change is a TicketEvent (arrive, call, recall, no_show, park, transfer, done) with desk, clerk,
  service and time; waiting time = first call - arrival, serving time = done - call at the final desk.
* A ticket's place follows call_next's order within its category: priority, then appointments whose time has
  come, then the rest, each by arrival; so a walk-in counts the due appointments ahead of it. Its estimated
  wait is portal/queue_estimates.py's formula for the tickets ahead of it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from portal.forms import FieldError
from portal.i18n import LANGUAGES, MESSAGES
from portal.models import utcnow
from portal.models_queue import WAITING, Branch, Desk, QueueCategoryRow, Ticket, TicketEvent
from portal.problems import Problem, not_found
from portal.queue_directory import DEFAULT_BRANCH, DeskInfo, directory
from portal.queue_estimates import estimate
from portal.security import new_id

DEFAULT_TIMEZONE = "Europe/Lisbon"

_TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "problem.queue.unknown_desk": "There is no desk {desk} at this branch.",
        "problem.queue.no_ticket": "There is no ticket {number} today. Check the number and try again.",
        "problem.queue.desk_busy": (
            "Desk {desk} is still serving ticket {number}: finish it, park it or mark it absent first."
        ),
        "problem.queue.ticket_state": "Ticket {number} is {status}: it cannot be {action} now.",
        "problem.queue.help_closed": "This help request is already closed.",
        "problem.queue.no_help": "There is no such help request at this branch.",
        "field.queue_category": "There is no such category at this branch.",
        "field.queue_transfer": "Give a category or a desk to transfer to.",
    },
    "pt": {
        "problem.queue.unknown_desk": "Não existe o balcão {desk} nesta loja.",
        "problem.queue.no_ticket": "Não existe a senha {number} hoje. Verifique o número e tente de novo.",
        "problem.queue.desk_busy": (
            "O balcão {desk} ainda está a atender a senha {number}: termine, ponha em espera ou marque "
            "a ausência primeiro."
        ),
        "problem.queue.ticket_state": "A senha {number} está no estado {status}: não pode ser {action} agora.",
        "problem.queue.help_closed": "Este pedido de ajuda já está fechado.",
        "problem.queue.no_help": "Não existe esse pedido de ajuda nesta loja.",
        "field.queue_category": "Não existe essa categoria nesta loja.",
        "field.queue_transfer": "Indique uma categoria ou um balcão para onde transferir.",
    },
}
for _language in LANGUAGES:
    # The queue's own messages join the portal's; a clash would silently change another text.
    assert not set(_TEXTS[_language]) & set(MESSAGES[_language]), "queue message ids must be new"
    MESSAGES[_language].update(_TEXTS[_language])


# --- where a device is --------------------------------------------------------------------------------------


async def branch_of(db: AsyncSession, device_id: str) -> str:
    """The device's branch: its device_branches row, else the default one (kept: portal/queue_directory.py)."""
    return await directory(db).branch(db, device_id)


async def branch_zone(db: AsyncSession, branch: str) -> ZoneInfo:
    """The branch's time zone: its queue day runs from local midnight to local midnight."""
    row = await db.get(Branch, branch)
    return ZoneInfo(row.timezone if row else DEFAULT_TIMEZONE)


def local_day(zone: ZoneInfo, moment: dt.datetime) -> str:
    """The branch's date at a moment, as tickets and appointments store it (2026-03-29)."""
    return moment.astimezone(zone).date().isoformat()


async def categories(db: AsyncSession, branch: str) -> list[QueueCategoryRow]:
    query = (
        select(QueueCategoryRow)
        .where(QueueCategoryRow.branch_code == branch)
        .order_by(QueueCategoryRow.position)
    )
    return list(await db.scalars(query))


async def desk(db: AsyncSession, branch: str, code: str) -> DeskInfo:
    row = await directory(db).desk(db, branch, code)
    if row is None:
        raise not_found("problem.queue.unknown_desk", desk=code)
    return row


# --- tickets --------------------------------------------------------------------------------------------------


def _turn(priority: bool, due_at: dt.datetime | None, now: dt.datetime) -> int:
    """Which of call_next's passes takes a ticket: 0 priority, 1 an appointment whose time has come, 2 the rest
    (each pass by arrival)."""
    return 0 if priority else 1 if due_at is not None and due_at <= now else 2


async def position(db: AsyncSession, ticket: Ticket, now: dt.datetime | None = None) -> int:
    """1 for the next to be called in its category; 0 once it is no longer waiting. In call_next's order: an
    appointment whose time has come (``now``) is ahead of every walk-in of its category."""
    if ticket.status != WAITING:
        return 0
    now = now or utcnow()
    turn = _turn(ticket.priority, ticket.due_at, now)
    their_turn = case((Ticket.priority.is_(True), 0), (Ticket.due_at <= now, 1), else_=2)
    ahead = await db.scalar(
        select(func.count())
        .select_from(Ticket)
        .where(
            Ticket.branch_code == ticket.branch_code,
            Ticket.category_code == ticket.category_code,
            Ticket.status == WAITING,
            or_(
                their_turn < turn,
                and_(
                    their_turn == turn,
                    or_(
                        Ticket.arrived_at < ticket.arrived_at,
                        and_(Ticket.arrived_at == ticket.arrived_at, Ticket.id < ticket.id),
                    ),
                ),
            ),
        )
    )
    return int(ahead or 0) + 1


async def ticket_view(db: AsyncSession, ticket: Ticket, now: dt.datetime | None = None) -> dict[str, Any]:
    now = now or utcnow()
    place = await position(db, ticket, now)
    wait = 0
    if place:
        wait = (await estimate(db, ticket.branch_code, ticket.category_code, now)).minutes(place - 1)
    category = await directory(db).category(db, ticket.branch_code, ticket.category_code)
    return {
        "id": ticket.id,
        "number": ticket.number,
        "category": ticket.category_code,
        "category_name": dict(category.name) if category else {"pt": "", "en": ""},
        "status": ticket.status,
        "position": place,
        "estimated_wait_minutes": wait,
        "issued_at": ticket.arrived_at.isoformat(),
        "desk": ticket.desk_code,
        "called_at": ticket.called_at.isoformat() if ticket.called_at else None,
    }


def ticket_event(
    ticket: Ticket, kind: str, at: dt.datetime, staff_id: str | None, service: str | None = None
) -> TicketEvent:
    return TicketEvent(
        ticket_id=ticket.id,
        branch_code=ticket.branch_code,
        kind=kind,
        category_code=ticket.category_code,
        desk_code=ticket.desk_code,
        staff_id=staff_id,
        service=service,
        at=at,
    )


async def issue(
    db: AsyncSession,
    branch: str,
    category_code: str,
    device_id: str,
    *,
    appointment: str | None = None,
    due_at: dt.datetime | None = None,
    staff_id: str | None = None,
    request: str | None = None,
    now: dt.datetime | None = None,
) -> Ticket:
    """A new waiting ticket with the next number of its category today (added to the open transaction).

    ``request`` is the request_key of an idempotent request: if another worker stored it first, its ticket.
    """
    now = now or utcnow()
    category = await db.get(QueueCategoryRow, (branch, category_code))
    if category is None:
        from portal.applications import validation_problem

        raise validation_problem([FieldError("category", "field.queue_category", {})])
    day = local_day(await branch_zone(db, branch), now)
    for _attempt in range(20):
        last = await db.scalar(
            select(func.max(Ticket.sequence)).where(
                Ticket.branch_code == branch, Ticket.issued_category == category_code, Ticket.day == day
            )
        )
        sequence = int(last or 0) + 1
        ticket = Ticket(
            id=new_id(),
            branch_code=branch,
            category_code=category_code,
            issued_category=category_code,
            day=day,
            sequence=sequence,
            number=f"{category.prefix}{sequence:03d}",
            status=WAITING,
            priority=category.priority,
            appointment=appointment,
            due_at=due_at,
            issued_by=device_id,
            request_key=request,
            arrived_at=now,
        )
        try:
            # Two kiosks may take the same number at once: the unique index refuses one, which tries again.
            async with db.begin_nested():
                db.add(ticket)
                db.add(ticket_event(ticket, "arrive", now, staff_id))
        except IntegrityError:
            if request and (first := await issued_for(db, request)) is not None:
                return first
            continue
        return ticket
    raise Problem(503, "unavailable", "problem.unavailable", "problem.unavailable.detail")


async def find_ticket(db: AsyncSession, branch: str, key: str, *, lock: bool = False) -> Ticket:
    """A ticket by id, or by its number today (what a clerk types); 404 in plain words otherwise."""
    ticket = await db.get(Ticket, key, with_for_update=lock)
    if ticket is None or ticket.branch_code != branch:
        number = key.strip().upper()
        query = select(Ticket).where(
            Ticket.branch_code == branch,
            Ticket.number == number,
            Ticket.day == local_day(await branch_zone(db, branch), utcnow()),
        )
        ticket = await db.scalar(query.with_for_update() if lock else query)
    if ticket is None:
        raise not_found("problem.queue.no_ticket", number=key[:12])
    return ticket


# --- idempotent ticket issue ----------------------------------------------------------------------------------


def request_key(device_id: str, idempotency_key: str) -> str:
    """What a ticket keeps of the request that made it: a digest, never the key itself."""
    return hashlib.sha256(f"{device_id}\0{idempotency_key}".encode()).hexdigest()


async def issued_for(db: AsyncSession, key: str) -> Ticket | None:
    return await db.scalar(select(Ticket).where(Ticket.request_key == key))


# --- the demo branch ------------------------------------------------------------------------------------------

DEMO_CATEGORIES: tuple[tuple[str, str, dict[str, str], bool], ...] = (
    # code, prefix, name, priority
    ("A", "A", {"pt": "Atendimento geral", "en": "General services"}, False),
    ("B", "B", {"pt": "Empresas", "en": "Business"}, False),
    ("C", "C", {"pt": "Certidões", "en": "Certificates"}, False),
    ("P", "P", {"pt": "Atendimento prioritário", "en": "Priority service"}, True),
)
DEMO_DESKS = ("1", "2", "3", "4", "5", "6")


async def ensure_demo_branch(db: AsyncSession) -> None:
    """The demo branch, its categories A, B, C and P and desks 1 to 6, in a database that lacks them."""
    if await db.get(Branch, DEFAULT_BRANCH) is not None:
        return
    db.add(Branch(code=DEFAULT_BRANCH, name="Loja do Cidadão Saldanha (demo)"))
    await db.flush()
    for position, (code, prefix, name, priority) in enumerate(DEMO_CATEGORIES):
        db.add(
            QueueCategoryRow(
                branch_code=DEFAULT_BRANCH,
                code=code,
                prefix=prefix,
                name=name,
                priority=priority,
                position=position,
            )
        )
    for code in DEMO_DESKS:
        db.add(Desk(branch_code=DEFAULT_BRANCH, code=code, categories=[]))
