"""Change of address: the card's address read with the address PIN, and the letter's code sent to the portal.

Card methods block (APDUs): call them from a thread. Portal methods are async, on the loop.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from kiosk.journey.address_change import ADDRESS_CHANGE, AWAITING_CONFIRMATION, CodeOutcome
from kiosk.journey.journey import address_answer
from kiosk.services.applications import ApplicationService
from kiosk.services.cards import CardService
from kiosk.services.models import ApplicationInfo
from kiosk.services.portal import PortalService
from kiosk.session import CitizenSession

if TYPE_CHECKING:
    from kiosk.card.pins import PinTries

log = logging.getLogger(__name__)


class AddressService:
    def __init__(self, cards: CardService, portal: PortalService, applications: ApplicationService) -> None:
        self._cards = cards
        self._portal = portal
        self._applications = applications

    # --- the card (blocking) ---------------------------------------------------------------------------------

    def pin_tries(self, session: CitizenSession) -> PinTries:
        return self._cards.address_pin_tries(session)

    def read_current(self, session: CitizenSession, pin: bytearray | None) -> dict[str, str] | None:
        """The card's address as the address field takes it (None when the card's address is not one the
        form can hold, a foreign one for instance). Raises the card's WrongPin / PinBlocked as they come."""
        address = self._cards.read_address(session, pin)
        log.info("card address read")
        return address_answer(address)

    # --- the letter's code -----------------------------------------------------------------------------------

    async def waiting_for_code(self, session: CitizenSession) -> list[ApplicationInfo]:
        """The person's changes of address that wait for the code from the letter, newest first."""
        applications = await self._applications.my_applications(session)
        return [
            item
            for item in applications
            if item.service_code == ADDRESS_CHANGE and item.status == AWAITING_CONFIRMATION
        ]

    async def confirm(self, session: CitizenSession, reference: str, code: str) -> CodeOutcome:
        """Send the code once (never retried: each try counts); the outcome in plain terms."""
        from kiosk.client import PortalError, PortalUnavailable

        if not session.portal_token:
            raise PermissionError("the code is sent for a signed-in person only")
        client = self._portal.require(session.language)
        try:
            await client.confirm_application(reference, code, session.portal_token, session.language)
        except PortalUnavailable:
            raise
        except PortalError as error:
            outcome = CodeOutcome.from_problem(error.status, error.problem or {})
            log.info("confirmation code refused: blocked=%s tries_left=%s", outcome.blocked, outcome.tries_left)
            return outcome
        log.info("change of address confirmed")
        return CodeOutcome(done=True)
