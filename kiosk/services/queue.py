"""The queue at a kiosk, headless: the categories on offer, a ticket taken and printed, "call a clerk", and
the display's board watcher. Screens call these from workers; nothing here knows about Textual.

A ticket needs no card and carries nothing about the person: number, category, place, estimated wait and
time. A help request carries the kiosk's name (added by the portal) and the screen's name, nothing else.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from kiosk.client.portal import PortalUnavailable, unavailable_message
from kiosk.client.queue import HelpRequest, QueueCategory, QueueClient, Ticket
from kiosk.services.board import Announcer, BoardWatcher

if TYPE_CHECKING:
    from kiosk.services.paper import PaperService
    from kiosk.services.portal import PortalService


class QueueService:
    def __init__(self, portal: PortalService, paper: PaperService, location: str) -> None:
        self.portal = portal
        self.paper = paper
        self.location = location
        """Printed at the top of the ticket: where it was taken."""
        self._client: QueueClient | None = None

    @property
    def client(self) -> QueueClient:
        """The queue client on the portal client, once the portal is there (PortalUnavailable before)."""
        portal = self.portal.client
        if portal is None:
            raise PortalUnavailable(unavailable_message("pt"))
        if self._client is None or self._client.portal is not portal:
            self._client = QueueClient(portal)
        return self._client

    async def categories(self, language: str) -> list[QueueCategory]:
        return await self.client.categories(language)

    async def take_ticket(self, category: str, language: str, key: str) -> Ticket:
        """A ticket of the category; ``key`` is the Idempotency-Key (a second press sends the same one)."""
        return await self.client.take_ticket(category, language, key=key)

    def print_ticket(self, ticket: Ticket, language: str) -> bool:
        """Blocking: the 80 mm ticket on the receipt printer; True once the printer has it."""
        from printing.documents.ticket import TicketData

        try:
            issued = dt.datetime.fromisoformat(ticket.issued_at)
        except ValueError:
            issued = dt.datetime.now(dt.UTC)
        data = TicketData(
            number=ticket.number,
            category=ticket.category_name(language) or ticket.category,
            position=max(0, ticket.position - 1),
            estimated_wait_minutes=ticket.estimated_wait_minutes,
            issued_at=issued.astimezone(),
            location=self.location,
            language=language,
        )
        return self.paper.print_ticket(data)

    async def call_clerk(self, screen: str, language: str) -> HelpRequest:
        """'Call a clerk' from this kiosk's screen ``screen`` (its name only)."""
        return await self.client.help_request(screen, language)

    def board_watcher(self, announcer: Announcer | None, languages: tuple[str, ...]) -> BoardWatcher:
        return BoardWatcher(self.client, announcer, languages)
