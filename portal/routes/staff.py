"""Staff routes at a counter: the clerk's profile, pending applications, a citizen's history, cash, the drawer
and the day's statistics. Every one needs a staff session on a counter device."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from portal.catalog_store import CatalogStore
from portal.deps import CounterPrincipal, Db, Lang, Settings, require_staff
from portal.models import utcnow
from portal.queue import branch_of
from portal.schemas import ApplicationOut, ProblemOut, Strict
from portal.staff import (
    HISTORY_PURPOSES,
    STATUSES,
    cash_settlement,
    citizen_history,
    drawer,
    pending_applications,
    staff_profile,
    take_cash,
)
from portal.staff_groups import find_groups, group_cash_settlement, take_group_cash
from portal.stats import day_stats

router = APIRouter(prefix="/v1/staff", tags=["staff"])
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ProblemOut} for code in (401, 403, 404, 409, 422, 429)
}

StatusFilter = Literal[
    "pending",
    "submitted",
    "in_progress",
    "approved",
    "rejected",
    "sent_by_post",
    "closed",
    "awaiting_payment",
    "awaiting_confirmation",
    "completed",
]
assert set(StatusFilter.__args__) == {"pending", *STATUSES}  # type: ignore[attr-defined]
HistoryPurpose = Literal[
    "service_request", "application_enquiry", "payment", "document_reprint", "identity_check"
]
assert HistoryPurpose.__args__ == HISTORY_PURPOSES  # type: ignore[attr-defined]


class StaffMe(BaseModel):
    staff_id: str
    username: str
    name: str = Field(description="The name the counter shows and prints")
    role: Literal["clerk", "supervisor", "admin"]
    roles: list[Literal["clerk", "supervisor", "admin"]] = Field(
        description="Every role held: a supervisor is also a clerk, an admin also a supervisor"
    )


class ApplicationSummary(BaseModel):
    """An application as a list shows it: what, where and how far; never who."""

    reference: str
    service_code: str
    service_name: str
    status: str
    channel: str = Field(description="kiosk or counter")
    created_at: dt.datetime
    updated_at: dt.datetime
    payment_status: Literal["pending", "paid"] | None


class ApplicationPage(BaseModel):
    items: list[ApplicationSummary]
    total: int = Field(description="How many match the filters, over all pages")
    limit: int
    offset: int


class HistoryQuery(Strict):
    document_number: str = Field(
        min_length=1,
        max_length=40,
        description="Citizen card number (12345678 9 ZZ1), civil id number, or Belgian national number; "
        "sent in the body so it never appears in a URL or an access log",
    )
    purpose: HistoryPurpose = Field(description="Why the clerk looks; recorded in the audit trail")


class PersonName(BaseModel):
    given_names: str
    surname: str


class DocumentSummary(BaseModel):
    id: str
    type: str
    title: str
    application_reference: str
    status: Literal["valid", "revoked", "expired"]
    issued_at: dt.datetime
    expires_at: dt.datetime


class CitizenHistory(BaseModel):
    person: PersonName
    applications: list[ApplicationSummary] = Field(description="Newest first, at most 100")
    documents: list[DocumentSummary] = Field(description="Newest first, at most 100; no access codes")


class CashIn(Strict):
    tendered_cents: int = Field(ge=0, le=10_000_000, description="Cash handed over, in cents")


class CashReceipt(BaseModel):
    number: str = Field(description="The payment's entity and reference: what the receipt is for")
    service_name: str
    application_reference: str
    clerk: str
    place: str = Field(description="The counter's name")


class CashSettlement(BaseModel):
    payment_id: str
    amount_cents: int
    tendered_cents: int
    change_cents: int = Field(description="Tendered minus the amount due")
    settled_at: dt.datetime
    receipt: CashReceipt
    application: ApplicationOut = Field(
        description="The application, fulfilled; its documents' access codes are given this once only"
    )


class GroupItem(BaseModel):
    application_reference: str
    service_code: str
    service_name: str
    amount_cents: int = Field(description="This application's fee")


class GroupDue(BaseModel):
    """A payment group as the clerk sees it before taking cash: every application with its fee, the total."""

    id: str
    entity: str
    reference: str
    amount_cents: int = Field(description="The total: the sum of the fees")
    status: Literal["pending", "paid"]
    items: list[GroupItem]


class GroupReceipt(BaseModel):
    number: str = Field(description="The group's entity and reference")
    clerk: str
    place: str = Field(description="The counter's name")
    lines: list[GroupItem] = Field(description="Every application the cash paid, with its fee")


class GroupCashSettlement(BaseModel):
    group_id: str
    amount_cents: int
    tendered_cents: int
    change_cents: int = Field(description="Tendered minus the total")
    settled_at: dt.datetime
    receipt: GroupReceipt
    applications: list[ApplicationOut] = Field(
        description="Every application, fulfilled; their documents' access codes are given this once only"
    )


class DrawerClerk(BaseModel):
    staff_id: str
    name: str
    payments: int
    cash_cents: int = Field(description="The fees taken in cash")
    tendered_cents: int
    change_cents: int


class Drawer(BaseModel):
    date: dt.date
    clerks: list[DrawerClerk] = Field(description="A clerk sees their own drawer; a supervisor every clerk's")
    payments: int
    cash_cents: int


class Durations(BaseModel):
    count: int
    median_seconds: int | None
    p90_seconds: int | None = Field(description="Nearest-rank 90th percentile")


class CategoryStats(BaseModel):
    category: str
    name: str
    issued: int
    outcomes: dict[str, int] = Field(description="done, no_show, waiting, called, parked")
    waiting: Durations
    serving: Durations


class TicketStats(BaseModel):
    issued: int
    by_category: list[CategoryStats]
    waiting: Durations
    serving: Durations


class ServiceStats(BaseModel):
    service_code: str
    name: str
    done_at_desks: int = Field(description="Tickets finished at a desk with this service")
    applications: int = Field(description="Applications made this day, on every channel")


class FeeStats(BaseModel):
    method: str = Field(description="cash or card")
    payments: int
    amount_cents: int


class ClerkStats(BaseModel):
    staff_id: str
    name: str
    tickets_done: int
    serving: Durations
    applications: int = Field(description="Applications made at a counter while this clerk was signed in")
    cash_cents: int


class DeskStats(BaseModel):
    desk: str
    tickets_done: int
    serving: Durations


class DayStats(BaseModel):
    date: dt.date = Field(description="The UTC date, as the queue numbers its tickets")
    branch: str
    tickets: TicketStats
    services: list[ServiceStats]
    fees: list[FeeStats]
    fees_total_cents: int
    clerks: list[ClerkStats]
    desks: list[DeskStats]


Day = Annotated[dt.date | None, Query(description="YYYY-MM-DD (UTC); today when absent")]


@router.get("/me", response_model=StaffMe, responses=ERRORS)
async def me(db: Db, principal: CounterPrincipal) -> dict[str, Any]:
    """The clerk signed in on this counter: name and roles, for the counter's header and its menus."""
    return await staff_profile(db, require_staff(principal))


@router.get("/applications", response_model=ApplicationPage, responses=ERRORS)
async def list_applications(
    request: Request,
    db: Db,
    principal: CounterPrincipal,
    language: Lang,
    status: Annotated[StatusFilter, Query(description="pending = submitted or in_progress")] = "pending",
    service: Annotated[str | None, Query(max_length=60, description="A service code")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> dict[str, Any]:
    """Applications for the back office, oldest first; nothing about the person (open one to see more)."""
    require_staff(principal)
    store: CatalogStore = request.app.state.catalog
    return await pending_applications(db, await store.snapshot(), language, status, service, limit, offset)


@router.post("/citizens/history", response_model=CitizenHistory, responses=ERRORS)
async def history(
    request: Request,
    body: HistoryQuery,
    db: Db,
    principal: CounterPrincipal,
    language: Lang,
    settings: Settings,
) -> dict[str, Any]:
    """A citizen's applications and documents, by document number with a stated purpose; audited with the
    clerk, the counter and the purpose (also when no citizen is found). As many lookups per clerk and minute
    as sign-in attempts per device (--login-rate-per-minute)."""
    staff_id = require_staff(principal)
    store: CatalogStore = request.app.state.catalog
    snapshot = await store.snapshot()
    return await citizen_history(
        db,
        snapshot,
        principal,
        staff_id,
        body.document_number,
        body.purpose,
        language,
        settings.login_rate_per_minute,
    )


@router.post("/payments/{payment_id}/cash", response_model=CashSettlement, responses=ERRORS)
async def cash(
    request: Request, payment_id: str, body: CashIn, db: Db, principal: CounterPrincipal, language: Lang
) -> dict[str, Any]:
    """Take a fee in cash: the change to give, the receipt's contents, and the application fulfilled."""
    staff_id = require_staff(principal)
    taken = await take_cash(request, db, principal, staff_id, payment_id, body.tendered_cents, language)
    clerk = await staff_profile(db, staff_id)
    store: CatalogStore = request.app.state.catalog
    return cash_settlement(taken, clerk["name"], principal.device.name, await store.snapshot(), language)


@router.get("/payment-groups", response_model=list[GroupDue], responses=ERRORS)
async def payment_groups(
    request: Request,
    db: Db,
    principal: CounterPrincipal,
    language: Lang,
    reference: Annotated[str | None, Query(pattern=r"^[0-9]{9}$", description="The joint reference")] = None,
    application: Annotated[
        list[str] | None, Query(max_length=10, description="References of applications a group may pay")
    ] = None,
) -> list[dict[str, Any]]:
    """The payment groups (a life-event bundle's joint reference) named by their Multibanco reference, or paying
    any of the citizen's applications; pending first. Audited like a single payment's lookup."""
    staff_id = require_staff(principal)
    store: CatalogStore = request.app.state.catalog
    return await find_groups(
        db,
        principal,
        staff_id,
        await store.snapshot(),
        language,
        reference=reference,
        applications=list(application or ()),
    )


@router.post("/payment-groups/{group_id}/cash", response_model=GroupCashSettlement, responses=ERRORS)
async def group_cash(
    request: Request, group_id: str, body: CashIn, db: Db, principal: CounterPrincipal, language: Lang
) -> dict[str, Any]:
    """Take a whole group's fees in cash: every application settled and fulfilled (all or none), the change,
    and one receipt listing each of them. The drawer counts it as one payment."""
    staff_id = require_staff(principal)
    group, settled = await take_group_cash(
        request, db, principal, staff_id, group_id, body.tendered_cents, language
    )
    clerk = await staff_profile(db, staff_id)
    store: CatalogStore = request.app.state.catalog
    return group_cash_settlement(
        group, settled, clerk["name"], principal.device.name, await store.snapshot(), language
    )


@router.get("/drawer", response_model=Drawer, responses=ERRORS)
async def cash_drawer(db: Db, principal: CounterPrincipal, date: Day = None) -> dict[str, Any]:
    """The cash taken on a day, per clerk, to count the drawer against."""
    staff_id = require_staff(principal)
    return await drawer(db, principal, staff_id, date or utcnow().date())


@router.get("/day-stats", response_model=DayStats, responses=ERRORS)
async def statistics(
    request: Request, db: Db, principal: CounterPrincipal, language: Lang, date: Day = None
) -> dict[str, Any]:
    """The day of this counter's branch: tickets, waiting and serving times, services, fees, clerks, desks."""
    require_staff(principal)
    branch = await branch_of(db, principal.device.id)
    store: CatalogStore = request.app.state.catalog
    return await day_stats(db, await store.snapshot(), branch, date, language)
