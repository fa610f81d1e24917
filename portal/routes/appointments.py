"""The appointment book: clerks book, list and cancel; a kiosk or a clerk checks a booking in at arrival.

The rules are in portal/appointments.py; the check-in window and the key of the holder references are portal
settings (check_in_early/late_minutes, digest_key_file).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query
from fastapi.responses import JSONResponse
from pydantic import AwareDatetime, BaseModel, Field, model_validator

from portal import appointments, queue
from portal.applications import IDEMPOTENCY_KEY
from portal.deps import COUNTER, KIOSK, CounterPrincipal, Db, Principal, Settings, principal_on, require_staff
from portal.models import utcnow
from portal.problems import Problem
from portal.ratelimit import hit
from portal.routes.queue import CategoryCode, TicketOut
from portal.schemas import ProblemOut, Strict
from portal.security import digest_key

router = APIRouter(prefix="/v1/queue/appointments", tags=["queue"])
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ProblemOut} for code in (400, 401, 403, 404, 409, 422, 429)
}
CheckInPrincipal = Annotated[Principal, Depends(principal_on(KIOSK, COUNTER))]
BookingCode = Annotated[str, Field(min_length=4, max_length=20, pattern=r"^[A-Za-z0-9 -]+$")]


class AppointmentOut(BaseModel):
    id: str
    category: str
    service: str | None
    starts_at: dt.datetime
    local_time: str = Field(description="The start in the branch's time zone, HH:MM", examples=["10:30"])
    day: str = Field(description="The branch's local date of the start", examples=["2026-12-02"])
    state: Literal["booked", "checked_in", "cancelled", "missed"]
    with_holder: bool = Field(description="Whether the holder's card can check it in")
    ticket: str | None = Field(description="The ticket number it became, once checked in")


class BookedOut(AppointmentOut):
    code: str = Field(description="The booking code for the person; shown only in this answer")


class Book(Strict):
    category: CategoryCode
    starts_at: AwareDatetime = Field(description="The start, with its zone")
    service: str | None = Field(default=None, max_length=60, description="The service code, if known")
    document_number: str | None = Field(
        default=None,
        max_length=40,
        description="The holder's card or civil id number, so their card checks it in; only a digest is kept",
    )


class CheckIn(Strict):
    """Exactly one way to find the booking."""

    code: BookingCode | None = Field(default=None, description="The booking code (HK3M-7QPA)")
    document_number: str | None = Field(
        default=None, max_length=40, description="From the card read at a kiosk: its holder's booking today"
    )
    appointment: str | None = Field(
        default=None, max_length=40, description="The booking's id, from a clerk's list (counter only)"
    )

    @model_validator(mode="after")
    def _one_way(self) -> CheckIn:
        if sum(value is not None for value in (self.code, self.document_number, self.appointment)) != 1:
            raise ValueError("give exactly one of code, document_number, appointment")
        return self


class CheckedInOut(BaseModel):
    appointment: AppointmentOut
    ticket: TicketOut


class BookRulesOut(BaseModel):
    branch: str = Field(description="The branch whose book this counter keeps", examples=["demo"])
    timezone: str = Field(
        description="The branch's IANA time zone: a booking's date and time are typed in it",
        examples=["Europe/Lisbon"],
    )
    check_in_early_minutes: int = Field(description="Check-in opens this long before the start", examples=[30])
    check_in_late_minutes: int = Field(description="and closes this long after it", examples=[15])


@router.get("/rules", response_model=BookRulesOut, responses=ERRORS)
async def book_rules(db: Db, principal: CounterPrincipal, settings: Settings) -> dict[str, Any]:
    """The branch's time zone and check-in window, for a counter's booking form."""
    require_staff(principal)
    branch = await queue.branch_of(db, principal.device.id)
    return {
        "branch": branch,
        "timezone": (await queue.branch_zone(db, branch)).key,
        "check_in_early_minutes": settings.check_in_early_minutes,
        "check_in_late_minutes": settings.check_in_late_minutes,
    }


@router.get("", response_model=list[AppointmentOut], responses=ERRORS)
async def list_appointments(
    db: Db,
    principal: CounterPrincipal,
    settings: Settings,
    date: Annotated[dt.date | None, Query(description="YYYY-MM-DD, the branch's day; today if absent")] = None,
) -> list[dict[str, Any]]:
    """The branch's bookings of one day, by start time."""
    require_staff(principal)
    branch = await queue.branch_of(db, principal.device.id)
    window = appointments.Window.of(settings)
    rows = await appointments.day_book(db, branch, date)
    return [await appointments.view(db, row, window=window) for row in rows]


@router.post("", status_code=201, response_model=BookedOut, responses=ERRORS)
async def book(body: Book, db: Db, principal: CounterPrincipal, settings: Settings) -> dict[str, Any]:
    """Book a time: the answer holds the booking code, the one time it is ever shown."""
    staff_id = require_staff(principal)
    branch = await queue.branch_of(db, principal.device.id)
    row, code = await appointments.book(
        db,
        branch,
        body.category,
        body.starts_at,
        staff_id,
        holder_key=digest_key(settings.digest_key_file),
        service=body.service,
        document_number=body.document_number,
    )
    return {**await appointments.view(db, row, window=appointments.Window.of(settings)), "code": code}


@router.post("/{appointment}/cancel", response_model=AppointmentOut, responses=ERRORS)
async def cancel(appointment: str, db: Db, principal: CounterPrincipal, settings: Settings) -> dict[str, Any]:
    """Cancel a booking that is not checked in."""
    require_staff(principal)
    branch = await queue.branch_of(db, principal.device.id)
    window = appointments.Window.of(settings)
    return await appointments.view(
        db, await appointments.cancel(db, branch, appointment[:40], window), window=window
    )


@router.post("/check-in", status_code=201, response_model=CheckedInOut, responses=ERRORS)
async def check_in(
    body: CheckIn,
    db: Db,
    principal: CheckInPrincipal,
    settings: Settings,
    idempotency_key: Annotated[
        str | None, Header(description="Unique per check-in; a retry with the same key gets the same ticket")
    ] = None,
) -> JSONResponse:
    """Check a booking in at arrival: by code or card at a kiosk, by code or list at a counter; its ticket."""
    device = principal.device
    staff_id = require_staff(principal) if device.channel == COUNTER else None
    if body.appointment is not None and staff_id is None:
        raise Problem(403, "forbidden", "problem.forbidden", "problem.forbidden.detail")
    if not idempotency_key or not IDEMPOTENCY_KEY.match(idempotency_key):
        detail = "problem.idempotency_invalid" if idempotency_key else "problem.idempotency_missing"
        raise Problem(400, "idempotency-key-invalid", "problem.bad_request", detail)
    key = queue.request_key(device.id, idempotency_key)
    await hit(db, f"appointment-check-in:{device.id}", appointments.CHECK_IN_ATTEMPTS_PER_MINUTE)
    branch = await queue.branch_of(db, device.id)
    now = utcnow()
    window = appointments.Window.of(settings)
    if body.code is not None:
        row = await appointments.by_code(db, branch, body.code)
    elif body.document_number is not None:
        row = await appointments.by_holder(
            db,
            branch,
            body.document_number,
            now,
            holder_key=digest_key(settings.digest_key_file),
            window=window,
        )
    else:
        row = await appointments.find(db, branch, body.appointment or "")
    appointment_id = row.id  # the row expires when check_in commits
    ticket = await queue.issued_for(db, key)
    if ticket is None:
        try:
            ticket = await appointments.check_in(
                db, row, device.id, key, staff_id=staff_id, now=now, window=window
            )
        except Problem as problem:
            # The same request sent twice at once: the one that lost the claim answers with the winner's ticket.
            ticket = await queue.issued_for(db, key)
            if ticket is None:
                raise problem from None
    if ticket.appointment != appointment_id:
        raise Problem(
            409, "idempotency-key-reused", "problem.idempotency_conflict", "problem.idempotency_conflict.detail"
        )
    row = await appointments.find(db, branch, appointment_id)
    answer = {
        "appointment": await appointments.view(db, row, window=window),
        "ticket": await queue.ticket_view(db, ticket),
    }
    return JSONResponse(CheckedInOut.model_validate(answer).model_dump(mode="json"), status_code=201)
