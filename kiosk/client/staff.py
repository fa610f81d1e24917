"""The counter's client for the staff side of the Portal API: sign-in, the applications desk, a citizen's
history, cash, the drawer, the day's statistics and revocation.

What the routes answer is read into the types of three modules beside this one, one per part of a clerk's work:
kiosk/client/staff_applications.py (lists and a citizen's history), kiosk/client/staff_cash.py (cash settled,
payment groups, the drawer) and kiosk/client/staff_day.py (the day's statistics).

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
from kiosk.client.staff_applications import ApplicationPage, CitizenHistory
from kiosk.client.staff_cash import CashSettlement, Drawer, GroupCashSettlement, GroupDue
from kiosk.client.staff_day import DayStats

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

    async def card_login(
        self,
        challenge_id: str,
        signature: bytes,
        algorithm: str,
        chain: tuple[bytes, ...],
        language: str = "pt",
    ) -> StaffSession:
        """Sign a clerk in with their own card: the challenge (POST /v1/auth/citizen/challenge) signed by it.
        Never retried, like a password sign-in."""
        import base64

        body = {
            "challenge_id": challenge_id,
            "signature": base64.b64encode(signature).decode(),
            "algorithm": algorithm,
            "certificate_chain": [base64.b64encode(item).decode() for item in chain],
        }
        data = await self.portal.call(
            "POST",
            "/v1/auth/staff/card-session",
            language,
            content=json.dumps(body).encode(),
            headers=_JSON,
            retry=False,
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
        return ApplicationPage.from_json(data, limit)

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
        return CitizenHistory.from_json(data)

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
        return CashSettlement.from_json(data)

    async def payment_groups(
        self, token: str, reference: str | None = None, applications: tuple[str, ...] = (), language: str = "pt"
    ) -> list[GroupDue]:
        """The payment groups named by their joint reference, or paying any of these applications (pending
        first)."""
        query: list[tuple[str, str]] = [("reference", reference)] if reference else []
        query += [("application", item) for item in applications[:10]]
        path = f"/v1/staff/payment-groups?{urlencode(query)}"
        data: Any = await self._call("GET", path, language, token)
        return [GroupDue.from_json(item) for item in data or ()]

    async def settle_group_cash(
        self, token: str, group_id: str, tendered_cents: int, language: str = "pt"
    ) -> GroupCashSettlement:
        """Take a whole group's fees in cash (all its applications settled, or none). Safe to retry."""
        path = f"/v1/staff/payment-groups/{quote(group_id, safe='')}/cash"
        data = await self._post(token, path, language, {"tendered_cents": tendered_cents})
        return GroupCashSettlement.from_json(data)

    async def drawer(self, token: str, date: dt.date | None = None, language: str = "pt") -> Drawer:
        """Cash taken on a day (today by default): the clerk's own, or every clerk's for a supervisor."""
        return Drawer.from_json(await self._get(token, "/v1/staff/drawer", language, _date_query(date)))

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
