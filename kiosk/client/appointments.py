"""The appointment book's client: a kiosk checks a booking in at arrival; a counter lists, books, cancels and
checks in for the person at the desk (with the clerk's session token).

Written against the contract (docs/api/openapi.json, /v1/queue/appointments), never against portal/. A
check-in carries an Idempotency-Key and is retried where the portal client retries: a lost answer brings the
same ticket back. Refusals (too early, missed, unknown code) arrive as PortalError in the portal's words.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from kiosk.client.portal import PortalClient
from kiosk.client.queue import Ticket

_JSON = {"Content-Type": "application/json"}
PATH = "/v1/queue/appointments"
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""The characters of a booking code (the contract's example HK3M-7QPA): no 0/O or 1/I/L to mistake."""
CODE_LENGTH = 8


def grouped(code: str) -> str:
    """The code as printed: groups of four joined by a dash (hk3m7qpa -> HK3M-7QPA)."""
    compact = "".join(character for character in code.upper() if character.isalnum() or character == "_")
    return "-".join(compact[index : index + 4] for index in range(0, len(compact), 4))


@dataclass(frozen=True)
class Appointment:
    id: str
    category: str
    service: str | None
    starts_at: str
    local_time: str
    """HH:MM in the branch's time zone: what the ticket and the clerk's list show."""
    day: str
    state: str
    """booked, checked_in, cancelled or missed."""
    with_holder: bool
    ticket: str | None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Appointment:
        return cls(
            id=str(data["id"]),
            category=str(data.get("category") or ""),
            service=data.get("service"),
            starts_at=str(data.get("starts_at") or ""),
            local_time=str(data.get("local_time") or ""),
            day=str(data.get("day") or ""),
            state=str(data.get("state") or "booked"),
            with_holder=bool(data.get("with_holder")),
            ticket=data.get("ticket"),
        )


@dataclass(frozen=True)
class BookRules:
    """The branch's time zone (a booking's date and time are typed in it) and its check-in window."""

    branch: str
    timezone: str
    check_in_early_minutes: int
    check_in_late_minutes: int

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BookRules:
        return cls(
            branch=str(data.get("branch") or ""),
            timezone=str(data["timezone"]),
            check_in_early_minutes=int(data.get("check_in_early_minutes") or 0),
            check_in_late_minutes=int(data.get("check_in_late_minutes") or 0),
        )


@dataclass(frozen=True)
class CheckedIn:
    appointment: Appointment
    ticket: Ticket


def new_check_in_key() -> str:
    return f"appointment-{secrets.token_hex(12)}"


class AppointmentsClient:
    def __init__(self, portal: PortalClient) -> None:
        self.portal = portal

    async def check_in(
        self,
        language: str,
        key: str,
        *,
        code: str | None = None,
        document_number: str | None = None,
        appointment: str | None = None,
        staff_token: str | None = None,
    ) -> CheckedIn:
        """Check in by booking code or card (kiosk), or by code or the list's id (counter, ``staff_token``)."""
        how = {"code": code, "document_number": document_number, "appointment": appointment}
        body = {name: value for name, value in how.items() if value is not None}
        headers = {**_JSON, "Idempotency-Key": key, **_session(staff_token)}
        data = await self.portal.call(
            "POST", f"{PATH}/check-in", language, content=json.dumps(body).encode(), headers=headers
        )
        return CheckedIn(Appointment.from_json(data["appointment"]), Ticket.from_json(data["ticket"]))

    async def rules(self, staff_token: str, language: str) -> BookRules:
        """The counter's branch: its time zone and check-in window."""
        data = await self.portal.call("GET", f"{PATH}/rules", language, headers=_session(staff_token))
        return BookRules.from_json(data)

    async def day(self, staff_token: str, language: str, date: dt.date | None = None) -> list[Appointment]:
        """The branch's bookings of a day (today there by default), by start time."""
        path = PATH if date is None else f"{PATH}?date={date.isoformat()}"
        data = await self.portal.call("GET", path, language, headers=_session(staff_token))
        return [Appointment.from_json(item) for item in data or ()]

    async def book(
        self,
        staff_token: str,
        language: str,
        category: str,
        starts_at: dt.datetime,
        *,
        document_number: str | None = None,
    ) -> tuple[Appointment, str]:
        """A new booking and its code (the portal shows the code this once). Sent once: never booked twice."""
        body: dict[str, Any] = {"category": category, "starts_at": starts_at.isoformat()}
        if document_number:
            body["document_number"] = document_number
        data = await self.portal.call(
            "POST",
            PATH,
            language,
            content=json.dumps(body).encode(),
            headers={**_JSON, **_session(staff_token)},
            retry=False,
        )
        return Appointment.from_json(data), str(data["code"])

    async def cancel(self, staff_token: str, language: str, appointment_id: str) -> Appointment:
        data = await self.portal.call(
            "POST",
            f"{PATH}/{quote(appointment_id, safe='')}/cancel",
            language,
            headers=_session(staff_token),
            retry=False,
        )
        return Appointment.from_json(data)


def _session(token: str | None) -> dict[str, str]:
    return {"X-Session-Token": token} if token else {}
