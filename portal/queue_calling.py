"""Calling: a desk calls the next ticket, then recalls, parks, transfers, finishes or marks absent the one it
serves.

Rules (docs/portal.md, "The queue"):

* Call next. A desk calls from its categories (the request's, else the desk's own, else all of the branch's).
  First a ticket transferred to this very desk, then tickets of priority categories (P), then appointment
  tickets whose time has come (due_at, portal/appointments.py), then the oldest by arrival; the ticket id
  breaks ties. One statement picks and claims the ticket (UPDATE ... WHERE id =
  COALESCE((SELECT ... for this desk), (SELECT ... priority), (SELECT ... the rest)), each SELECT ordered by
  arrival along an index, LIMIT 1 FOR UPDATE SKIP LOCKED, ... RETURNING): on PostgreSQL two desks never claim
  the same row and neither waits for the other; SQLite has one writer, so the same statement runs serialised.
* A desk serves one ticket at a time: calling next while a ticket is still "called" there is refused (409),
  so a desk whose connection dropped mid-call finds its ticket still called at the desk, recallable; never
  lost, never called twice.
* Every action is a TicketEvent with desk, clerk, service and time (portal/queue.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    ScalarSelect,
    String,
    Update,
    and_,
    bindparam,
    exists,
    func,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from portal.forms import FieldError
from portal.i18n import Language
from portal.models import UTCDateTime, utcnow
from portal.models_queue import CALLED, DONE, NO_SHOW, PARKED, WAITING, QueueCategoryRow, Ticket
from portal.problems import Problem
from portal.queue import desk, find_ticket, ticket_event


async def called_at_desk(db: AsyncSession, branch: str, desk_code: str) -> Ticket | None:
    query = select(Ticket).where(
        Ticket.branch_code == branch, Ticket.status == CALLED, Ticket.desk_code == desk_code
    )
    return await db.scalar(query.order_by(Ticket.called_at.desc()).limit(1))


def _claim(by_category: bool) -> Update:
    """The claiming statement of call_next, built once: building it and its cache key on every call cost as
    much CPU as a round trip. Parameters: branch, desk, staff, now, and categories when by_category."""
    branch = bindparam("branch", type_=String)
    desk_code = bindparam("desk", type_=String)
    now = bindparam("now", type_=UTCDateTime)
    waiting = (Ticket.branch_code == branch, Ticket.status == WAITING)
    for_anyone: ColumnElement[bool] = Ticket.desk_code.is_(None)
    if by_category:
        for_anyone = and_(for_anyone, Ticket.category_code.in_(bindparam("categories", expanding=True)))

    def first(*where: ColumnElement[bool]) -> ScalarSelect[str]:
        # Each walks an index in order and stops at the first row no other desk is claiming.
        query = select(Ticket.id).where(*waiting, *where).order_by(Ticket.arrived_at, Ticket.id).limit(1)
        return query.with_for_update(skip_locked=True).scalar_subquery()

    candidate = func.coalesce(
        first(Ticket.desk_code == desk_code),
        first(Ticket.priority.is_(True), for_anyone),
        first(Ticket.due_at <= now, for_anyone),
        first(Ticket.priority.is_(False), for_anyone),
    )
    serving = aliased(Ticket)
    desk_free = ~exists().where(
        serving.branch_code == branch, serving.status == CALLED, serving.desk_code == desk_code
    )
    return (
        update(Ticket)
        .where(Ticket.id == candidate, Ticket.status == WAITING, desk_free)
        .values(status=CALLED, desk_code=desk_code, staff_id=bindparam("staff", type_=String), called_at=now)
        .returning(Ticket)
        .execution_options(synchronize_session=False, populate_existing=True)
    )


_CLAIMS = {by_category: _claim(by_category) for by_category in (False, True)}


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
    claim = _CLAIMS[bool(category_codes)]
    values: dict[str, Any] = {"branch": branch, "desk": desk_code, "staff": staff_id, "now": now}
    if category_codes:
        values["categories"] = list(category_codes)
    ticket: Ticket | None = (await db.execute(claim, values)).scalars().first()
    if ticket is None:
        busy = await called_at_desk(db, branch, desk_code)
        number = busy.number if busy is not None else None
        await db.rollback()  # expires busy: its number was read first
        if number is not None:
            raise Problem(
                409, "desk-busy", "problem.conflict", "problem.queue.desk_busy", desk=desk_code, number=number
            )
        return None
    db.add(ticket_event(ticket, "call", now, staff_id))
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
    db.add(ticket_event(ticket, action, now, staff_id, service))
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
