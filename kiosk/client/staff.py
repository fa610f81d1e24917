"""The counter's client for the staff side of the Portal API: sign-in, the applications desk, a citizen's
history, cash, the drawer, the day's statistics and revocation.

Built on a :class:`PortalClient` holding the counter's device credential (its HTTP client and retry rules);
every call carries the clerk's session token. Errors arrive as :class:`PortalError` with a plain message in
the language asked for: for a refused value, the portal's own words about that field.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

from kiosk.client.models import Submission
from kiosk.client.portal import PortalClient, PortalError

_JSON = {"Content-Type": "application/json"}
HISTORY_PURPOSES = ("service_request", "application_enquiry", "payment", "document_reprint", "identity_check")
"""Why a clerk opens a citizen's history (the portal records the code in its audit trail)."""


@dataclass(frozen=True)
class StaffSession:
    token: str = field(repr=False)
    staff_id: str
    username: str
    name: str
    role: str
    roles: tuple[str, ...]
    """Every role held: a supervisor is also a clerk."""
    expires_at: str = ""

    @property
    def supervisor(self) -> bool:
        return "supervisor" in self.roles


@dataclass(frozen=True)
class ApplicationSummary:
    """An application as a list shows it: what, where and how far, never who."""

    reference: str
    service_code: str
    service_name: str
    status: str
    channel: str
    created_at: str
    updated_at: str
    payment_status: str | None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ApplicationSummary:
        return cls(
            reference=str(data["reference"]),
            service_code=str(data.get("service_code") or ""),
            service_name=str(data.get("service_name") or data.get("service_code") or ""),
            status=str(data.get("status") or ""),
            channel=str(data.get("channel") or ""),
            created_at=str(data.get("created_at") or ""),
            updated_at=str(data.get("updated_at") or ""),
            payment_status=data.get("payment_status"),
        )


@dataclass(frozen=True)
class ApplicationPage:
    items: tuple[ApplicationSummary, ...]
    total: int
    limit: int
    offset: int

    @property
    def has_next(self) -> bool:
        return self.offset + len(self.items) < self.total


@dataclass(frozen=True)
class DocumentSummary:
    id: str
    type: str
    title: str
    application_reference: str
    status: str
    issued_at: str
    expires_at: str


@dataclass(frozen=True)
class CitizenHistory:
    given_names: str
    surname: str
    applications: tuple[ApplicationSummary, ...]
    documents: tuple[DocumentSummary, ...]


@dataclass(frozen=True)
class CashSettlement:
    payment_id: str
    amount_cents: int
    tendered_cents: int
    change_cents: int
    settled_at: str
    receipt_number: str
    service_name: str
    application_reference: str
    clerk: str
    place: str
    application: Submission
    """Fulfilled: its documents carry their access codes this once (None when the settlement was repeated)."""


@dataclass(frozen=True)
class DrawerClerk:
    staff_id: str
    name: str
    payments: int
    cash_cents: int
    tendered_cents: int
    change_cents: int


@dataclass(frozen=True)
class Drawer:
    date: str
    clerks: tuple[DrawerClerk, ...]
    payments: int
    cash_cents: int


@dataclass(frozen=True)
class Durations:
    count: int
    median_seconds: int | None
    p90_seconds: int | None

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Durations:
        data = data or {}
        return cls(int(data.get("count") or 0), data.get("median_seconds"), data.get("p90_seconds"))


@dataclass(frozen=True)
class CategoryStats:
    category: str
    name: str
    issued: int
    outcomes: dict[str, int]
    waiting: Durations
    serving: Durations


@dataclass(frozen=True)
class ServiceStats:
    service_code: str
    name: str
    done_at_desks: int
    applications: int


@dataclass(frozen=True)
class FeeStats:
    method: str
    payments: int
    amount_cents: int


@dataclass(frozen=True)
class ClerkStats:
    staff_id: str
    name: str
    tickets_done: int
    serving: Durations
    applications: int
    cash_cents: int


@dataclass(frozen=True)
class DeskStats:
    desk: str
    tickets_done: int
    serving: Durations


@dataclass(frozen=True)
class DayStats:
    date: str
    branch: str
    tickets_issued: int
    waiting: Durations
    serving: Durations
    categories: tuple[CategoryStats, ...]
    services: tuple[ServiceStats, ...]
    fees: tuple[FeeStats, ...]
    fees_total_cents: int
    clerks: tuple[ClerkStats, ...]
    desks: tuple[DeskStats, ...]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DayStats:
        tickets = data.get("tickets") or {}
        return cls(
            date=str(data.get("date") or ""),
            branch=str(data.get("branch") or ""),
            tickets_issued=int(tickets.get("issued") or 0),
            waiting=Durations.from_json(tickets.get("waiting")),
            serving=Durations.from_json(tickets.get("serving")),
            categories=tuple(
                CategoryStats(
                    category=str(row["category"]),
                    name=str(row.get("name") or row["category"]),
                    issued=int(row.get("issued") or 0),
                    outcomes={str(key): int(value) for key, value in (row.get("outcomes") or {}).items()},
                    waiting=Durations.from_json(row.get("waiting")),
                    serving=Durations.from_json(row.get("serving")),
                )
                for row in tickets.get("by_category") or ()
            ),
            services=tuple(
                ServiceStats(
                    str(row["service_code"]),
                    str(row.get("name") or row["service_code"]),
                    int(row.get("done_at_desks") or 0),
                    int(row.get("applications") or 0),
                )
                for row in data.get("services") or ()
            ),
            fees=tuple(
                FeeStats(str(row["method"]), int(row.get("payments") or 0), int(row.get("amount_cents") or 0))
                for row in data.get("fees") or ()
            ),
            fees_total_cents=int(data.get("fees_total_cents") or 0),
            clerks=tuple(
                ClerkStats(
                    staff_id=str(row["staff_id"]),
                    name=str(row.get("name") or row["staff_id"]),
                    tickets_done=int(row.get("tickets_done") or 0),
                    serving=Durations.from_json(row.get("serving")),
                    applications=int(row.get("applications") or 0),
                    cash_cents=int(row.get("cash_cents") or 0),
                )
                for row in data.get("clerks") or ()
            ),
            desks=tuple(
                DeskStats(
                    str(row["desk"]), int(row.get("tickets_done") or 0), Durations.from_json(row.get("serving"))
                )
                for row in data.get("desks") or ()
            ),
        )


class StaffClient:
    """The staff routes, on the counter's PortalClient (its device credential, HTTP client and retries)."""

    def __init__(self, portal: PortalClient) -> None:
        self.portal = portal

    async def login(self, username: str, password: str, language: str = "pt") -> StaffSession:
        """Sign a clerk in on this counter (sent once, never retried: a login is not repeated blindly)."""
        body = json.dumps({"username": username, "password": password}).encode()
        data = await self.portal.call(
            "POST", "/v1/auth/staff/session", language, content=body, headers=_JSON, retry=False
        )
        token = str(data["session_token"])
        return await self.me(token, language, expires_at=str(data.get("expires_at") or ""))

    async def me(self, token: str, language: str = "pt", *, expires_at: str = "") -> StaffSession:
        data = await self._get(token, "/v1/staff/me", language)
        return StaffSession(
            token=token,
            staff_id=str(data["staff_id"]),
            username=str(data["username"]),
            name=str(data["name"]),
            role=str(data["role"]),
            roles=tuple(str(role) for role in data.get("roles") or ()),
            expires_at=expires_at,
        )

    async def logout(self, token: str) -> None:
        await self.portal.logout(token)

    async def pending_applications(
        self,
        token: str,
        status: str | None = None,
        service: str | None = None,
        *,
        limit: int = 20,
        offset: int = 0,
        language: str = "pt",
    ) -> ApplicationPage:
        """Applications for the back office, oldest first; no status means pending (submitted, in progress)."""
        query = {"status": status or "pending", "limit": limit, "offset": offset}
        if service:
            query["service"] = service
        data = await self._get(token, "/v1/staff/applications", language, query)
        return ApplicationPage(
            items=tuple(ApplicationSummary.from_json(item) for item in data.get("items") or ()),
            total=int(data.get("total") or 0),
            limit=int(data.get("limit") or limit),
            offset=int(data.get("offset") or 0),
        )

    async def application(self, token: str, reference: str, language: str = "pt") -> Submission:
        """One application in full (its answers' outcome, payment, documents and history); audited."""
        return Submission.from_json(
            await self._get(token, f"/v1/applications/{quote(reference, safe='')}", language)
        )

    async def citizen_history(
        self, token: str, document_number: str, purpose: str, language: str = "pt"
    ) -> CitizenHistory:
        """A citizen's applications and documents by document number, for a stated purpose (audited).

        The number travels in the request body, never in a URL, so no access log ever holds it.
        """
        body = {"document_number": document_number, "purpose": purpose}
        data = await self._post(token, "/v1/staff/citizens/history", language, body)
        person = data.get("person") or {}
        return CitizenHistory(
            given_names=str(person.get("given_names") or ""),
            surname=str(person.get("surname") or ""),
            applications=tuple(ApplicationSummary.from_json(item) for item in data.get("applications") or ()),
            documents=tuple(
                DocumentSummary(
                    id=str(item["id"]),
                    type=str(item.get("type") or ""),
                    title=str(item.get("title") or ""),
                    application_reference=str(item.get("application_reference") or ""),
                    status=str(item.get("status") or ""),
                    issued_at=str(item.get("issued_at") or ""),
                    expires_at=str(item.get("expires_at") or ""),
                )
                for item in data.get("documents") or ()
            ),
        )

    async def set_status(
        self, token: str, reference: str, status: str, note: str = "", language: str = "pt"
    ) -> Submission:
        """Move an application on (approve, reject with a reason...); the note joins the citizen's history."""
        path = f"/v1/applications/{quote(reference, safe='')}/status"
        return Submission.from_json(await self._post(token, path, language, {"status": status, "note": note}))

    async def find_payment(
        self, token: str, entity: str, reference: str, language: str = "pt"
    ) -> dict[str, Any]:
        """The payment behind a Multibanco reference a citizen brings (id, amount, status)."""
        data: dict[str, Any] = await self._get(
            token, "/v1/payments", language, {"entity": entity, "reference": reference}
        )
        return data

    async def settle_cash(
        self, token: str, payment_id: str, tendered_cents: int, language: str = "pt"
    ) -> CashSettlement:
        """Take a fee in cash. Safe to retry: the portal answers a repeat of the same amount without charging
        again (the documents' access codes are then not shown again)."""
        path = f"/v1/staff/payments/{quote(payment_id, safe='')}/cash"
        data = await self._post(token, path, language, {"tendered_cents": tendered_cents})
        receipt = data.get("receipt") or {}
        return CashSettlement(
            payment_id=str(data["payment_id"]),
            amount_cents=int(data["amount_cents"]),
            tendered_cents=int(data["tendered_cents"]),
            change_cents=int(data["change_cents"]),
            settled_at=str(data.get("settled_at") or ""),
            receipt_number=str(receipt.get("number") or ""),
            service_name=str(receipt.get("service_name") or ""),
            application_reference=str(receipt.get("application_reference") or ""),
            clerk=str(receipt.get("clerk") or ""),
            place=str(receipt.get("place") or ""),
            application=Submission.from_json(data["application"]),
        )

    async def drawer(self, token: str, date: dt.date | None = None, language: str = "pt") -> Drawer:
        """Cash taken on a day (today by default): the clerk's own, or every clerk's for a supervisor."""
        data = await self._get(token, "/v1/staff/drawer", language, _date_query(date))
        return Drawer(
            date=str(data.get("date") or ""),
            clerks=tuple(
                DrawerClerk(
                    staff_id=str(row["staff_id"]),
                    name=str(row.get("name") or row["staff_id"]),
                    payments=int(row.get("payments") or 0),
                    cash_cents=int(row.get("cash_cents") or 0),
                    tendered_cents=int(row.get("tendered_cents") or 0),
                    change_cents=int(row.get("change_cents") or 0),
                )
                for row in data.get("clerks") or ()
            ),
            payments=int(data.get("payments") or 0),
            cash_cents=int(data.get("cash_cents") or 0),
        )

    async def day_stats(self, token: str, date: dt.date | None = None, language: str = "pt") -> DayStats:
        """The branch's day: tickets, waiting and serving times, services, fees, clerks and desks."""
        return DayStats.from_json(await self._get(token, "/v1/staff/day-stats", language, _date_query(date)))

    async def revoke(self, token: str, document_id: str, reason: str, language: str = "pt") -> str:
        """Revoke a document (supervisors only; a clerk gets a PortalError with status 403). Its new status."""
        path = f"/v1/documents/{quote(document_id, safe='')}/revoke"
        data = await self._post(token, path, language, {"reason": reason})
        return str(data["status"])

    async def _get(
        self, token: str, path: str, language: str, query: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        if query:
            path = f"{path}?{urlencode(query)}"
        return await self._call("GET", path, language, token)

    async def _post(self, token: str, path: str, language: str, body: dict[str, Any]) -> dict[str, Any]:
        return await self._call("POST", path, language, token, json.dumps(body).encode())

    async def _call(
        self, method: str, path: str, language: str, token: str, content: bytes | None = None
    ) -> dict[str, Any]:
        headers = {"X-Session-Token": token, **(_JSON if content is not None else {})}
        try:
            data: dict[str, Any] = await self.portal.call(
                method, path, language, content=content, headers=headers
            )
        except PortalError as error:
            raise _field_error(error) from error
        return data


def _date_query(date: dt.date | None) -> dict[str, Any] | None:
    return {"date": date.isoformat()} if date else None


def _field_error(error: PortalError) -> PortalError:
    """A refused value reads as the portal's message about that field ("less than the amount due")."""
    messages = [str(item.get("message")) for item in error.problem.get("errors") or () if item.get("message")]
    if not messages or type(error) is not PortalError:
        return error
    return PortalError(" ".join(messages), error.status, error.problem)
