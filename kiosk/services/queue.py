"""The queue at a kiosk, headless: the categories on offer, a ticket taken and printed, "call a clerk", and
the display's board watcher. Screens call these from workers; nothing here knows about Textual.

A ticket needs no card and carries nothing about the person: number, category, place, estimated wait and
time. A help request carries the kiosk's name (added by the portal) and the screen's name, nothing else.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from kiosk.client.appointments import AppointmentsClient, CheckedIn
from kiosk.client.portal import PortalUnavailable, unavailable_message
from kiosk.client.queue import HelpRequest, QueueCategory, QueueClient, Ticket
from kiosk.services.board import Announcer, BoardWatcher

if TYPE_CHECKING:
    from kiosk.services.paper import PaperService
    from kiosk.services.portal import PortalService
    from kiosk.session import CitizenSession


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

    async def check_in(self, code: str, language: str, key: str) -> CheckedIn:
        """An appointment's ticket, by its booking code; ``key`` is the Idempotency-Key of this check-in."""
        client = self.client
        return await AppointmentsClient(client.portal).check_in(language, key, code=code)

    async def check_in_by_card(self, session: CitizenSession, language: str, key: str) -> CheckedIn:
        """Today's appointment of the card's holder, by the document number read from the card (the caller has
        had the PIN verified first, as for anything personal from the portal); never logged."""
        document_number = getattr(session.identity, "document_number", None)
        if not document_number:
            raise ValueError("the card gave no document number")
        return await AppointmentsClient(self.client.portal).check_in(
            language, key, document_number=document_number
        )

    def print_ticket(self, ticket: Ticket, language: str, appointment: str | None = None) -> bool:
        """Blocking: the 80 mm ticket on the receipt printer; True once the printer has it. ``appointment``,
        a line under the category (an appointment ticket says so, with its time)."""
        from printing.documents.ticket import TicketData

        try:
            issued = dt.datetime.fromisoformat(ticket.issued_at)
        except ValueError:
            issued = dt.datetime.now(dt.UTC)
        data = TicketData(
            number=ticket.number,
            category=" · ".join(filter(None, (ticket.category_name(language) or ticket.category, appointment))),
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
