"""The queue: categories and tickets for kiosks, the desks' calls for counters, the board for displays, and
"call a clerk" help requests. The rules are in portal/queue.py and the queue_* modules it names."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from portal import help_requests, queue, queue_board, queue_calling
from portal.applications import IDEMPOTENCY_KEY
from portal.deps import (
    COUNTER,
    DISPLAY,
    KIOSK,
    CounterPrincipal,
    Db,
    DeviceIdentity,
    Principal,
    principal_on,
    require_device,
    require_staff,
)
from portal.models import utcnow
from portal.models_queue import HelpRequest
from portal.problems import Problem
from portal.schemas import ProblemOut, Strict
from portal.security import new_id

router = APIRouter(prefix="/v1/queue", tags=["queue"])
ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ProblemOut} for code in (401, 403, 404, 409, 422)}
AnyQueueDevice = Annotated[DeviceIdentity, Depends(require_device(KIOSK, COUNTER, DISPLAY))]
KioskDevice = Annotated[DeviceIdentity, Depends(require_device(KIOSK))]
IssuerPrincipal = Annotated[Principal, Depends(principal_on(KIOSK, COUNTER))]
LONG_POLL_STEP = 0.5
DeskCode = Annotated[str, Field(min_length=1, max_length=10, pattern=r"^[A-Za-z0-9-]+$")]
CategoryCode = Annotated[str, Field(min_length=1, max_length=10, pattern=r"^[A-Za-z0-9-]+$")]


class LocalizedName(BaseModel):
    pt: str
    en: str


class CategoryOut(BaseModel):
    code: str
    prefix: str
    name: LocalizedName
    waiting: int
    estimated_wait_minutes: int
    priority: bool


class TicketOut(BaseModel):
    id: str
    number: str = Field(examples=["A023"])
    category: str
    category_name: LocalizedName
    status: Literal["waiting", "called", "parked", "done", "no_show"]
    position: int = Field(description="1 = next of its category; 0 once no longer waiting")
    estimated_wait_minutes: int
    issued_at: dt.datetime
    desk: str | None
    called_at: dt.datetime | None


class TakeTicket(Strict):
    """A walk-in's ticket. An appointment's ticket comes from its check-in, which checks the booking
    (POST /v1/queue/appointments/check-in): an `appointment` field here is refused with a 422 naming it."""

    category: CategoryCode


class CallNext(Strict):
    categories: list[CategoryCode] | None = Field(
        default=None, max_length=20, description="Categories to call from; default: the desk's own"
    )


class Finish(Strict):
    service: str | None = Field(
        default=None, max_length=60, description="The service given, for the statistics"
    )


class Transfer(Strict):
    category: CategoryCode | None = None
    desk: DeskCode | None = None


class CalledOut(BaseModel):
    number: str
    desk: str | None
    called_at: dt.datetime


class WaitingOut(BaseModel):
    category: str
    prefix: str
    name: LocalizedName
    waiting: int
    estimated_wait_minutes: int


class BoardOut(BaseModel):
    called: list[CalledOut] = Field(description="The last called tickets, newest first")
    waiting: list[WaitingOut]
    version: int = Field(description="Changes with every ticket event; send it back as ?after= to long-poll")


class DeskOut(BaseModel):
    desk: str
    categories: list[str]
    serving: TicketOut | None


class AskForHelp(Strict):
    screen: str = Field(
        min_length=1, max_length=60, pattern=r"^[A-Za-z0-9_.-]+$", description="The kiosk screen's name only"
    )


class HelpOut(BaseModel):
    id: str
    kiosk: str
    screen: str
    status: Literal["open", "acknowledged", "closed"]
    created_at: dt.datetime
    acknowledged_at: dt.datetime | None


def _staff_at_counter(principal: Principal) -> str:
    return require_staff(principal)


@router.get("/categories", response_model=list[CategoryOut], responses=ERRORS)
async def list_categories(db: Db, device: AnyQueueDevice) -> list[dict[str, Any]]:
    """The branch's categories with how many wait and the estimated wait of a ticket taken now."""
    branch = await queue.branch_of(db, device.id)
    return await queue_board.category_views(db, branch)


@router.post(
    "/tickets", status_code=201, response_model=TicketOut, responses={**ERRORS, 400: {"model": ProblemOut}}
)
async def take_ticket(
    body: TakeTicket,
    db: Db,
    principal: IssuerPrincipal,
    idempotency_key: Annotated[
        str | None, Header(description="Unique per ticket; a retry with the same key gets the same ticket")
    ] = None,
) -> JSONResponse:
    """A ticket from a kiosk (anyone, no card needed) or a walk-in made by a clerk at a counter."""
    staff_id = _staff_at_counter(principal) if principal.device.channel == COUNTER else None
    if not idempotency_key or not IDEMPOTENCY_KEY.match(idempotency_key):
        detail = "problem.idempotency_invalid" if idempotency_key else "problem.idempotency_missing"
        raise Problem(400, "idempotency-key-invalid", "problem.bad_request", detail)
    device = principal.device
    key = queue.request_key(device.id, idempotency_key)
    ticket = await queue.issued_for(db, key)
    if ticket is None:
        branch = await queue.branch_of(db, device.id)
        ticket = await queue.issue(db, branch, body.category, device.id, staff_id=staff_id, request=key)
        await db.commit()
    if (ticket.category_code, ticket.appointment) != (body.category, None):
        # The key of an earlier ticket with another request: answering with that ticket would mislead.
        raise Problem(
            409, "idempotency-key-reused", "problem.idempotency_conflict", "problem.idempotency_conflict.detail"
        )
    view = await queue.ticket_view(db, ticket)
    return JSONResponse(view, status_code=201)


@router.get("/tickets/{ticket}", response_model=TicketOut, responses=ERRORS)
async def read_ticket(ticket: str, db: Db, device: AnyQueueDevice) -> dict[str, Any]:
    """One ticket by id, or by its number today (A023)."""
    branch = await queue.branch_of(db, device.id)
    return await queue.ticket_view(db, await queue.find_ticket(db, branch, ticket[:40]))


@router.get("/board", response_model=BoardOut, responses=ERRORS)
async def read_board(
    db: Db,
    device: AnyQueueDevice,
    after: Annotated[int | None, Query(ge=0, description="Answer once the version is past this")] = None,
    wait: Annotated[
        float, Query(ge=0, le=8, description="Seconds to hold the answer for a change (under client timeouts)")
    ] = 5,
) -> dict[str, Any]:
    """What the public display shows; with ?after=VERSION it waits (long-poll) until something changed."""
    branch = await queue.branch_of(db, device.id)
    if after is not None:
        deadline = asyncio.get_running_loop().time() + wait
        while await queue_board.board_version(db, branch) <= after:
            # The connection goes back to the pool between looks: a room of displays must not hold it.
            await db.close()
            if asyncio.get_running_loop().time() >= deadline:
                break
            await asyncio.sleep(LONG_POLL_STEP)
    return await queue_board.board(db, branch)


@router.get("/desks/{desk}", response_model=DeskOut, responses=ERRORS)
async def read_desk(desk: str, db: Db, principal: CounterPrincipal) -> dict[str, Any]:
    """The desk's categories and the ticket it is serving, if any (after a dropped connection too)."""
    _staff_at_counter(principal)
    branch = await queue.branch_of(db, principal.device.id)
    row = await queue.desk(db, branch, desk[:10])
    serving = await queue_calling.called_at_desk(db, branch, row.code)
    return {
        "desk": row.code,
        "categories": list(row.categories),
        "serving": await queue.ticket_view(db, serving) if serving else None,
    }


@router.post(
    "/desks/{desk}/call-next",
    response_model=TicketOut,
    responses={**ERRORS, 204: {"description": "Nobody is waiting in the desk's categories"}},
)
async def call_next(desk: str, db: Db, principal: CounterPrincipal, body: CallNext | None = None) -> Any:
    """Call the next ticket to this desk: a ticket sent to this desk, then priority, then the oldest."""
    staff_id = _staff_at_counter(principal)
    branch = await queue.branch_of(db, principal.device.id)
    row = await queue.desk(db, branch, desk[:10])
    wanted = (body.categories if body else None) or list(row.categories)
    if body and body.categories:
        known = {category.code for category in await queue.categories(db, branch)}
        if not set(body.categories) <= known:
            from portal.applications import validation_problem
            from portal.forms import FieldError

            raise validation_problem([FieldError("categories", "field.queue_category", {})])
    desk_code = row.code
    # The claim must be the first statement of its transaction (see queue_calling.call_next).
    await db.rollback()
    ticket = await queue_calling.call_next(db, branch, desk_code, wanted, staff_id)
    if ticket is None:
        return Response(status_code=204)
    return await queue.ticket_view(db, ticket)


@router.post("/tickets/{ticket}/transfer", response_model=TicketOut, responses=ERRORS)
async def transfer(ticket: str, body: Transfer, db: Db, principal: CounterPrincipal) -> dict[str, Any]:
    """Back to the queue in another category and/or for one desk, keeping its place by arrival."""
    staff_id = _staff_at_counter(principal)
    branch = await queue.branch_of(db, principal.device.id)
    changed = await queue_calling.act(
        db, branch, ticket[:40], "transfer", staff_id, category=body.category, desk_code=body.desk
    )
    return await queue.ticket_view(db, changed)


Action = Literal["recall", "no-show", "park", "done"]


@router.post("/tickets/{ticket}/{action}", response_model=TicketOut, responses=ERRORS)
async def ticket_action(
    ticket: str, action: Action, db: Db, principal: CounterPrincipal, body: Finish | None = None
) -> dict[str, Any]:
    """recall (call again, also a parked ticket), no-show, park (set aside), done (with the service given)."""
    staff_id = _staff_at_counter(principal)
    branch = await queue.branch_of(db, principal.device.id)
    service = body.service if body else None
    changed = await queue_calling.act(
        db, branch, ticket[:40], action.replace("-", "_"), staff_id, service=service
    )
    return await queue.ticket_view(db, changed)


@router.post("/help", status_code=201, response_model=HelpOut, responses=ERRORS)
async def ask_for_help(body: AskForHelp, db: Db, device: KioskDevice) -> dict[str, Any]:
    """'Call a clerk' from a kiosk: only the kiosk's name and the screen travel, nothing about the person."""
    branch = await queue.branch_of(db, device.id)
    row = HelpRequest(
        id=new_id(),
        branch_code=branch,
        device_id=device.id,
        kiosk=device.name,
        screen=body.screen,
        status="open",
        created_at=utcnow(),
    )
    db.add(row)
    await db.commit()
    return help_requests.help_view(row)


@router.get("/help", response_model=list[HelpOut], responses=ERRORS)
async def list_help(db: Db, principal: CounterPrincipal) -> list[dict[str, Any]]:
    """Open and acknowledged help requests of the branch, oldest first."""
    _staff_at_counter(principal)
    branch = await queue.branch_of(db, principal.device.id)
    return [help_requests.help_view(row) for row in await help_requests.help_requests(db, branch)]


@router.post("/help/{request_id}/{step}", response_model=HelpOut, responses=ERRORS)
async def answer_help(
    request_id: str, step: Literal["acknowledge", "close"], db: Db, principal: CounterPrincipal
) -> dict[str, Any]:
    """A clerk is on the way (acknowledge), or the kiosk's person was helped (close)."""
    staff_id = _staff_at_counter(principal)
    branch = await queue.branch_of(db, principal.device.id)
    return help_requests.help_view(
        await help_requests.answer_help(db, branch, request_id[:40], staff_id, step == "close")
    )
