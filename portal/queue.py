"""The queue of a branch: tickets, calling the next one, what a desk does with it, waiting-time estimates.

Rules (docs/portal.md, "The queue"):

* Call next. A desk calls from its categories (the request's, else the desk's own, else all of the branch's).
  First a ticket transferred to this very desk, then tickets of priority categories (P), then the oldest by
  arrival; the ticket id breaks ties. One statement picks and claims the ticket (UPDATE ... WHERE id =
  COALESCE((SELECT ... for this desk), (SELECT ... priority), (SELECT ... the rest)), each SELECT ordered by
  arrival along an index, LIMIT 1 FOR UPDATE SKIP LOCKED, ... RETURNING): on PostgreSQL two desks never claim
  the same row and neither waits for the other; SQLite has one writer, so the same statement runs serialised.
* A desk serves one ticket at a time: calling next while a ticket is still "called" there is refused (409),
  so a desk whose connection dropped mid-call finds its ticket still called at the desk, recallable; never
  lost, never called twice.
* Every change is a TicketEvent (arrive, call, recall, no_show, park, transfer, done) with desk, clerk,
  service and time; waiting time = first call - arrival, serving time = done - call at the final desk.
* Estimated wait of category c: ceil(W x S / D) minutes, where W is the tickets ahead in c, S the mean serving
  time of the last 20 tickets of c done in the last 3 hours (else of any category; else 5 minutes) and D the
  desks that called a ticket of c in the last 30 minutes (else any desk that called; else 1).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, and_, exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from portal.forms import FieldError
from portal.i18n import LANGUAGES, MESSAGES, Language
from portal.models import (
    Desk,
    DeviceBranch,
    HelpRequest,
    QueueCategoryRow,
    Ticket,
    TicketEvent,
    utcnow,
)
from portal.problems import Problem, not_found
from portal.security import new_id

DEFAULT_BRANCH = "demo"
WAITING, CALLED, PARKED, DONE, NO_SHOW = "waiting", "called", "parked", "done", "no_show"
RECENT_SERVED = 20
SERVED_WINDOW = dt.timedelta(hours=3)
OPEN_DESK_WINDOW = dt.timedelta(minutes=30)
DEFAULT_SERVING_MINUTES = 5.0
BOARD_CALLED = 8
"""How many of the last called tickets the public display shows."""

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


@dataclass(frozen=True)
class Estimate:
    serving_minutes: float
    open_desks: int

    def minutes(self, ahead: int) -> int:
        return math.ceil(ahead * self.serving_minutes / self.open_desks)


# --- where a device is --------------------------------------------------------------------------------------


async def branch_of(db: AsyncSession, device_id: str) -> str:
    """The device's branch: its device_branches row, else the default one."""
    branch = await db.scalar(select(DeviceBranch.branch_code).where(DeviceBranch.device_id == device_id))
    return branch or DEFAULT_BRANCH


async def categories(db: AsyncSession, branch: str) -> list[QueueCategoryRow]:
    query = (
        select(QueueCategoryRow)
        .where(QueueCategoryRow.branch_code == branch)
        .order_by(QueueCategoryRow.position)
    )
    return list(await db.scalars(query))


async def desk(db: AsyncSession, branch: str, code: str) -> Desk:
    row = await db.get(Desk, (branch, code))
    if row is None:
        raise not_found("problem.queue.unknown_desk", desk=code)
    return row


# --- estimates ------------------------------------------------------------------------------------------------


async def estimate(db: AsyncSession, branch: str, category: str, now: dt.datetime) -> Estimate:
    """S and D of the formula in the module's docstring, for one category at one moment."""
    recent = (
        select(Ticket.called_at, Ticket.ended_at)
        .where(
            Ticket.branch_code == branch,
            Ticket.status == DONE,
            Ticket.ended_at >= now - SERVED_WINDOW,
            Ticket.ended_at <= now,
            Ticket.called_at.is_not(None),
        )
        .order_by(Ticket.ended_at.desc())
        .limit(RECENT_SERVED)
    )
    durations = _minutes(await db.execute(recent.where(Ticket.category_code == category)))
    durations = durations or _minutes(await db.execute(recent))
    serving_minutes = sum(durations) / len(durations) if durations else DEFAULT_SERVING_MINUTES
    desks = select(func.count(func.distinct(TicketEvent.desk_code))).where(
        TicketEvent.branch_code == branch,
        TicketEvent.kind == "call",
        TicketEvent.at >= now - OPEN_DESK_WINDOW,
        TicketEvent.at <= now,
    )
    open_desks = await db.scalar(desks.where(TicketEvent.category_code == category)) or await db.scalar(desks)
    return Estimate(serving_minutes, max(1, int(open_desks or 0)))


def _minutes(rows: Any) -> list[float]:
    return [(ended - called).total_seconds() / 60 for called, ended in rows.all() if called and ended]


async def waiting_counts(db: AsyncSession, branch: str) -> dict[str, int]:
    query = (
        select(Ticket.category_code, func.count())
        .where(Ticket.branch_code == branch, Ticket.status == WAITING)
        .group_by(Ticket.category_code)
    )
    return {code: int(count) for code, count in (await db.execute(query)).all()}


async def category_views(db: AsyncSession, branch: str, now: dt.datetime | None = None) -> list[dict[str, Any]]:
    now = now or utcnow()
    waiting = await waiting_counts(db, branch)
    views = []
    for row in await categories(db, branch):
        count = waiting.get(row.code, 0)
        views.append(
            {
                "code": row.code,
                "prefix": row.prefix,
                "name": dict(row.name),
                "waiting": count,
                "estimated_wait_minutes": (await estimate(db, branch, row.code, now)).minutes(count),
                "priority": row.priority,
            }
        )
    return views


# --- tickets --------------------------------------------------------------------------------------------------


async def position(db: AsyncSession, ticket: Ticket) -> int:
    """1 for the next to be called in its category; 0 once it is no longer waiting."""
    if ticket.status != WAITING:
        return 0
    ahead = await db.scalar(
        select(func.count())
        .select_from(Ticket)
        .where(
            Ticket.branch_code == ticket.branch_code,
            Ticket.category_code == ticket.category_code,
            Ticket.status == WAITING,
            or_(
                Ticket.arrived_at < ticket.arrived_at,
                and_(Ticket.arrived_at == ticket.arrived_at, Ticket.id < ticket.id),
            ),
        )
    )
    return int(ahead or 0) + 1


async def ticket_view(db: AsyncSession, ticket: Ticket, now: dt.datetime | None = None) -> dict[str, Any]:
    place = await position(db, ticket)
    wait = 0
    if place:
        wait = (await estimate(db, ticket.branch_code, ticket.category_code, now or utcnow())).minutes(
            place - 1
        )
    category = await db.get(QueueCategoryRow, (ticket.branch_code, ticket.category_code))
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


def _event(
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
    day = now.date().isoformat()
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
            issued_by=device_id,
            request_key=request,
            arrived_at=now,
        )
        try:
            # Two kiosks may take the same number at once: the unique index refuses one, which tries again.
            async with db.begin_nested():
                db.add(ticket)
                db.add(_event(ticket, "arrive", now, staff_id))
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
            Ticket.branch_code == branch, Ticket.number == number, Ticket.day == utcnow().date().isoformat()
        )
        ticket = await db.scalar(query.with_for_update() if lock else query)
    if ticket is None:
        raise not_found("problem.queue.no_ticket", number=key[:12])
    return ticket


async def called_at_desk(db: AsyncSession, branch: str, desk_code: str) -> Ticket | None:
    query = select(Ticket).where(
        Ticket.branch_code == branch, Ticket.status == CALLED, Ticket.desk_code == desk_code
    )
    return await db.scalar(query.order_by(Ticket.called_at.desc()).limit(1))


async def call_next(
    db: AsyncSession,
    branch: str,
    desk_code: str,
    category_codes: Sequence[str],
    staff_id: str | None,
    now: dt.datetime | None = None,
) -> Ticket | None:
    """Claim the next ticket for the desk (rules in the module docstring) and commit; None when none waits.

    One statement claims it, only if the desk is free, and is the first of its transaction: on SQLite a
    transaction that read first could not take the write lock once another writer had committed.
    """
    now = now or utcnow()
    waiting = (Ticket.branch_code == branch, Ticket.status == WAITING)
    for_anyone: ColumnElement[bool] = Ticket.desk_code.is_(None)
    if category_codes:
        for_anyone = and_(for_anyone, Ticket.category_code.in_(list(category_codes)))

    def first(*where: ColumnElement[bool]) -> ScalarSelect[str]:
        # Each walks an index in order and stops at the first row no other desk is claiming.
        query = select(Ticket.id).where(*waiting, *where).order_by(Ticket.arrived_at, Ticket.id).limit(1)
        return query.with_for_update(skip_locked=True).scalar_subquery()

    candidate = func.coalesce(
        first(Ticket.desk_code == desk_code),
        first(Ticket.priority.is_(True), for_anyone),
        first(Ticket.priority.is_(False), for_anyone),
    )
    serving = aliased(Ticket)
    desk_free = ~exists().where(
        serving.branch_code == branch, serving.status == CALLED, serving.desk_code == desk_code
    )
    claim = (
        update(Ticket)
        .where(Ticket.id == candidate, Ticket.status == WAITING, desk_free)
        .values(status=CALLED, desk_code=desk_code, staff_id=staff_id, called_at=now)
        .returning(Ticket)
        .execution_options(synchronize_session=False, populate_existing=True)
    )
    ticket = (await db.execute(claim)).scalars().first()
    if ticket is None:
        busy = await called_at_desk(db, branch, desk_code)
        number = busy.number if busy is not None else None
        await db.rollback()  # expires busy: its number was read first
        if number is not None:
            raise Problem(
                409, "desk-busy", "problem.conflict", "problem.queue.desk_busy", desk=desk_code, number=number
            )
        return None
    db.add(_event(ticket, "call", now, staff_id))
    await db.commit()
    return ticket


ACTIONS: dict[str, tuple[frozenset[str], dict[str, str]]] = {
    # action: (statuses it applies to, its name in the messages)
    "recall": (frozenset({CALLED, PARKED}), {"en": "recalled", "pt": "chamada de novo"}),
    "no_show": (frozenset({CALLED}), {"en": "marked absent", "pt": "marcada como ausente"}),
    "park": (frozenset({CALLED}), {"en": "parked", "pt": "posta em espera"}),
    "done": (frozenset({CALLED}), {"en": "finished", "pt": "terminada"}),
    "transfer": (frozenset({CALLED, PARKED}), {"en": "transferred", "pt": "transferida"}),
}
STATUS_NAMES = {
    "en": {WAITING: "waiting", CALLED: "called", PARKED: "parked", DONE: "done", NO_SHOW: "absent"},
    "pt": {WAITING: "à espera", CALLED: "chamada", PARKED: "em espera", DONE: "terminada", NO_SHOW: "ausente"},
}


class TicketStateProblem(Problem):
    def __init__(self, ticket: Ticket, action: str) -> None:
        super().__init__(
            409, "ticket-state", "problem.conflict", "problem.queue.ticket_state", number=ticket.number
        )
        self.status_code = ticket.status
        self.action = action

    def body(self, language: Language, instance: str) -> dict[str, Any]:
        self.values["status"] = STATUS_NAMES[language][self.status_code]
        self.values["action"] = ACTIONS[self.action][1][language]
        return super().body(language, instance)


async def act(
    db: AsyncSession,
    branch: str,
    key: str,
    action: str,
    staff_id: str | None,
    *,
    service: str | None = None,
    category: str | None = None,
    desk_code: str | None = None,
    now: dt.datetime | None = None,
) -> Ticket:
    """Recall, no_show, park, done or transfer one ticket, store the event and commit."""
    now = now or utcnow()
    ticket = await find_ticket(db, branch, key, lock=True)
    if ticket.status not in ACTIONS[action][0]:
        raise TicketStateProblem(ticket, action)
    if action == "recall":
        busy = await called_at_desk(db, branch, ticket.desk_code) if ticket.desk_code else None
        if busy is not None and busy.id != ticket.id:
            # A parked ticket comes back only to a free desk: a desk serves one ticket at a time.
            raise Problem(
                409,
                "desk-busy",
                "problem.conflict",
                "problem.queue.desk_busy",
                desk=busy.desk_code,
                number=busy.number,
            )
        ticket.status = CALLED
    elif action in ("no_show", "done"):
        ticket.status = DONE if action == "done" else NO_SHOW
        ticket.ended_at = now
    elif action == "park":
        ticket.status = PARKED
    else:
        await _transfer(db, branch, ticket, category, desk_code)
    ticket.staff_id = staff_id or ticket.staff_id
    db.add(_event(ticket, action, now, staff_id, service))
    await db.commit()
    return ticket


async def _transfer(
    db: AsyncSession, branch: str, ticket: Ticket, category: str | None, desk_code: str | None
) -> None:
    """Back to waiting, in another category and/or for one desk; it keeps its arrival, so its place."""
    from portal.applications import validation_problem

    if category is None and desk_code is None:
        raise validation_problem([FieldError("category", "field.queue_transfer", {})])
    if category is not None:
        row = await db.get(QueueCategoryRow, (branch, category))
        if row is None:
            raise validation_problem([FieldError("category", "field.queue_category", {})])
        ticket.category_code, ticket.priority = row.code, row.priority
    if desk_code is not None:
        await desk(db, branch, desk_code)
    ticket.status, ticket.desk_code, ticket.called_at = WAITING, desk_code, None


# --- the public display ---------------------------------------------------------------------------------------


async def board_version(db: AsyncSession, branch: str) -> int:
    """Grows with every ticket event of the branch: a display asks again only when it changed."""
    return int(await db.scalar(select(func.max(TicketEvent.id)).where(TicketEvent.branch_code == branch)) or 0)


async def board(db: AsyncSession, branch: str, now: dt.datetime | None = None) -> dict[str, Any]:
    version = await board_version(db, branch)
    events = await db.execute(
        select(TicketEvent.ticket_id, TicketEvent.desk_code, TicketEvent.at, Ticket.number)
        .join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .where(TicketEvent.branch_code == branch, TicketEvent.kind.in_(("call", "recall")))
        .order_by(TicketEvent.id.desc())
        .limit(BOARD_CALLED * 4)
    )
    called: list[dict[str, Any]] = []
    seen: set[str] = set()
    for ticket_id, desk_code, at, number in events.all():
        if ticket_id in seen:
            continue
        seen.add(ticket_id)
        called.append({"number": number, "desk": desk_code, "called_at": at.isoformat()})
        if len(called) == BOARD_CALLED:
            break
    waiting = [
        {
            "category": view["code"],
            "prefix": view["prefix"],
            "name": view["name"],
            "waiting": view["waiting"],
            "estimated_wait_minutes": view["estimated_wait_minutes"],
        }
        for view in await category_views(db, branch, now)
    ]
    return {"called": called, "waiting": waiting, "version": version}


# --- help requests --------------------------------------------------------------------------------------------


def help_view(row: HelpRequest) -> dict[str, Any]:
    return {
        "id": row.id,
        "kiosk": row.kiosk,
        "screen": row.screen,
        "status": row.status,
        "created_at": row.created_at.isoformat(),
        "acknowledged_at": row.acknowledged_at.isoformat() if row.acknowledged_at else None,
    }


async def help_requests(db: AsyncSession, branch: str) -> list[HelpRequest]:
    query = (
        select(HelpRequest)
        .where(HelpRequest.branch_code == branch, HelpRequest.status != "closed")
        .order_by(HelpRequest.created_at)
    )
    return list(await db.scalars(query))


async def answer_help(
    db: AsyncSession, branch: str, request_id: str, staff_id: str, close: bool
) -> HelpRequest:
    row = await db.get(HelpRequest, request_id, with_for_update=True)
    if row is None or row.branch_code != branch:
        raise not_found("problem.queue.no_help")
    if row.status == "closed":
        raise Problem(409, "help-closed", "problem.conflict", "problem.queue.help_closed")
    now = utcnow()
    if close:
        row.status, row.closed_at, row.closed_by = "closed", now, staff_id
    else:
        row.status, row.acknowledged_at, row.acknowledged_by = "acknowledged", now, staff_id
    await db.commit()
    return row


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
    from portal.models import Branch

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
