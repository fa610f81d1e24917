"""The queue's client: tickets for kiosks, calls for counters, the board for displays, "call a clerk".

Built on a :class:`PortalClient` (its device credential, HTTP client and retry rules); counter calls carry the
clerk's session token. Written against the contract (docs/api/openapi.json, tag "queue"), never against
portal/. Errors arrive as :class:`PortalError` with the portal's words in the language asked for.

Retries: reads, ticket issue (it carries an Idempotency-Key) and call-next are retried where the portal
client retries; a call-next whose first answer was lost finds the desk serving that ticket, and gets it back
(:class:`DeskBusy` names it). The other desk actions and help requests are sent once: repeating "done" or
"park" blindly would report a refusal for what in fact worked.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from kiosk.client.portal import PortalClient, PortalError

_JSON = {"Content-Type": "application/json"}
LONG_POLL_SECONDS = 5.0
"""How long the portal holds a board request for a change: under the client's timeout (8 s by default)."""


def _name(data: Any) -> dict[str, str]:
    return {str(key): str(value) for key, value in (data or {}).items()} if isinstance(data, dict) else {}


def _in(names: dict[str, str], language: str) -> str:
    return names.get(language) or names.get("pt") or next(iter(names.values()), "")


@dataclass(frozen=True)
class QueueCategory:
    code: str
    prefix: str
    names: dict[str, str]
    waiting: int
    estimated_wait_minutes: int
    priority: bool

    def name(self, language: str) -> str:
        return _in(self.names, language)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> QueueCategory:
        return cls(
            code=str(data["code"]),
            prefix=str(data.get("prefix") or data["code"]),
            names=_name(data.get("name")),
            waiting=int(data.get("waiting") or 0),
            estimated_wait_minutes=int(data.get("estimated_wait_minutes") or 0),
            priority=bool(data.get("priority")),
        )


@dataclass(frozen=True)
class Ticket:
    id: str
    number: str
    category: str
    category_names: dict[str, str]
    status: str
    """waiting, called, parked, done or no_show."""
    position: int
    """1 for the next of its category; 0 once it is no longer waiting."""
    estimated_wait_minutes: int
    issued_at: str
    desk: str | None
    called_at: str | None

    def category_name(self, language: str) -> str:
        return _in(self.category_names, language)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Ticket:
        return cls(
            id=str(data["id"]),
            number=str(data["number"]),
            category=str(data.get("category") or ""),
            category_names=_name(data.get("category_name")),
            status=str(data.get("status") or "waiting"),
            position=int(data.get("position") or 0),
            estimated_wait_minutes=int(data.get("estimated_wait_minutes") or 0),
            issued_at=str(data.get("issued_at") or ""),
            desk=data.get("desk"),
            called_at=data.get("called_at"),
        )


@dataclass(frozen=True)
class CalledTicket:
    number: str
    desk: str
    called_at: str


@dataclass(frozen=True)
class WaitingLine:
    category: str
    prefix: str
    names: dict[str, str]
    waiting: int
    estimated_wait_minutes: int

    def name(self, language: str) -> str:
        return _in(self.names, language)


@dataclass(frozen=True)
class Board:
    called: tuple[CalledTicket, ...]
    """Newest first."""
    waiting: tuple[WaitingLine, ...]
    version: int

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Board:
        return cls(
            called=tuple(
                CalledTicket(str(item["number"]), str(item.get("desk") or ""), str(item.get("called_at") or ""))
                for item in data.get("called") or ()
            ),
            waiting=tuple(
                WaitingLine(
                    category=str(item["category"]),
                    prefix=str(item.get("prefix") or item["category"]),
                    names=_name(item.get("name")),
                    waiting=int(item.get("waiting") or 0),
                    estimated_wait_minutes=int(item.get("estimated_wait_minutes") or 0),
                )
                for item in data.get("waiting") or ()
            ),
            version=int(data.get("version") or 0),
        )


@dataclass(frozen=True)
class DeskState:
    desk: str
    categories: tuple[str, ...]
    serving: Ticket | None


@dataclass(frozen=True)
class HelpRequest:
    id: str
    kiosk: str
    screen: str
    status: str
    """open, acknowledged or closed."""
    created_at: str
    acknowledged_at: str | None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> HelpRequest:
        return cls(
            id=str(data["id"]),
            kiosk=str(data.get("kiosk") or ""),
            screen=str(data.get("screen") or ""),
            status=str(data.get("status") or "open"),
            created_at=str(data.get("created_at") or ""),
            acknowledged_at=data.get("acknowledged_at"),
        )


class DeskBusy(PortalError):
    """Call-next refused: the desk is still serving a ticket (``serving``), as after a lost answer."""

    def __init__(self, error: PortalError, serving: Ticket | None) -> None:
        super().__init__(str(error), error.status, error.problem)
        self.serving = serving


class QueueClient:
    """The queue routes, on a terminal's PortalClient."""

    def __init__(self, portal: PortalClient) -> None:
        self.portal = portal

    # --- kiosks and displays -------------------------------------------------------------------------------

    async def categories(self, language: str = "pt") -> list[QueueCategory]:
        data = await self.portal.call("GET", "/v1/queue/categories", language)
        return [QueueCategory.from_json(item) for item in data or ()]

    async def take_ticket(self, category: str, language: str = "pt", *, key: str | None = None) -> Ticket:
        """A ticket of this category; retried safely under one Idempotency-Key (given, or made here). An
        appointment's ticket comes from its check-in (kiosk/client/appointments.py)."""
        body: dict[str, Any] = {"category": category}
        headers = {**_JSON, "Idempotency-Key": key or f"ticket-{secrets.token_hex(12)}"}
        data = await self.portal.call(
            "POST", "/v1/queue/tickets", language, content=json.dumps(body).encode(), headers=headers
        )
        return Ticket.from_json(data)

    async def ticket(self, ticket: str, language: str = "pt") -> Ticket:
        """A ticket by id, or by its number today (A023)."""
        return Ticket.from_json(await self.portal.call("GET", f"/v1/queue/tickets/{_path(ticket)}", language))

    async def board(
        self, after: int | None = None, language: str = "pt", *, wait: float = LONG_POLL_SECONDS
    ) -> Board:
        """The display's board; with ``after`` the portal answers once the version is past it (or after
        ``wait`` seconds with the same board)."""
        path = "/v1/queue/board" if after is None else f"/v1/queue/board?after={int(after)}&wait={wait:g}"
        return Board.from_json(await self.portal.call("GET", path, language))

    async def help_request(self, screen: str, language: str = "pt") -> HelpRequest:
        """'Call a clerk' from a kiosk: only the screen's name is sent (the portal adds the kiosk's)."""
        content = json.dumps({"screen": screen}).encode()
        data = await self.portal.call(
            "POST", "/v1/queue/help", language, content=content, headers=_JSON, retry=False
        )
        return HelpRequest.from_json(data)

    # --- counters (a clerk's session token on each call) ---------------------------------------------------

    async def desk(self, staff_token: str, desk: str, language: str = "pt") -> DeskState:
        data = await self.portal.call(
            "GET", f"/v1/queue/desks/{_path(desk)}", language, headers=_session(staff_token)
        )
        serving = data.get("serving")
        return DeskState(
            desk=str(data["desk"]),
            categories=tuple(str(code) for code in data.get("categories") or ()),
            serving=Ticket.from_json(serving) if serving else None,
        )

    async def call_next(
        self, staff_token: str, desk: str, categories: list[str] | None = None, language: str = "pt"
    ) -> Ticket | None:
        """The next ticket for the desk, or None when nobody waits. DeskBusy while it serves one."""
        body = json.dumps({"categories": categories} if categories else {}).encode()
        try:
            data = await self.portal.call(
                "POST",
                f"/v1/queue/desks/{_path(desk)}/call-next",
                language,
                content=body,
                headers={**_JSON, **_session(staff_token)},
            )
        except PortalError as error:
            if error.status != 409:
                raise
            raise DeskBusy(error, (await self.desk(staff_token, desk, language)).serving) from error
        return Ticket.from_json(data) if data else None

    async def recall(self, staff_token: str, ticket_id: str, language: str = "pt") -> Ticket:
        return await self._act(staff_token, ticket_id, "recall", {}, language)

    async def no_show(self, staff_token: str, ticket_id: str, language: str = "pt") -> Ticket:
        return await self._act(staff_token, ticket_id, "no-show", {}, language)

    async def park(self, staff_token: str, ticket_id: str, language: str = "pt") -> Ticket:
        return await self._act(staff_token, ticket_id, "park", {}, language)

    async def done(
        self, staff_token: str, ticket_id: str, service: str | None = None, language: str = "pt"
    ) -> Ticket:
        return await self._act(
            staff_token, ticket_id, "done", {"service": service} if service else {}, language
        )

    async def transfer(
        self,
        staff_token: str,
        ticket_id: str,
        category: str | None = None,
        desk: str | None = None,
        language: str = "pt",
    ) -> Ticket:
        """Back to the queue in another category and/or for one desk; it keeps its place by arrival."""
        body = {key: value for key, value in (("category", category), ("desk", desk)) if value}
        return await self._act(staff_token, ticket_id, "transfer", body, language)

    async def help_requests(self, staff_token: str, language: str = "pt") -> list[HelpRequest]:
        data = await self.portal.call("GET", "/v1/queue/help", language, headers=_session(staff_token))
        return [HelpRequest.from_json(item) for item in data or ()]

    async def acknowledge_help(self, staff_token: str, request_id: str, language: str = "pt") -> HelpRequest:
        return await self._help(staff_token, request_id, "acknowledge", language)

    async def close_help(self, staff_token: str, request_id: str, language: str = "pt") -> HelpRequest:
        return await self._help(staff_token, request_id, "close", language)

    async def _act(
        self, staff_token: str, ticket_id: str, action: str, body: dict[str, Any], language: str
    ) -> Ticket:
        data = await self.portal.call(
            "POST",
            f"/v1/queue/tickets/{_path(ticket_id)}/{action}",
            language,
            content=json.dumps(body).encode(),
            headers={**_JSON, **_session(staff_token)},
            retry=False,
        )
        return Ticket.from_json(data)

    async def _help(self, staff_token: str, request_id: str, step: str, language: str) -> HelpRequest:
        data = await self.portal.call(
            "POST",
            f"/v1/queue/help/{_path(request_id)}/{step}",
            language,
            headers=_session(staff_token),
            retry=False,
        )
        return HelpRequest.from_json(data)


def _path(value: str) -> str:
    return quote(value.strip(), safe="")


def _session(token: str) -> dict[str, str]:
    return {"X-Session-Token": token}
