"""Card login: the portal's challenge, signed by the card in a thread, exchanged for a session token."""

from __future__ import annotations

import asyncio
import logging

from kiosk.services.cards import CardService
from kiosk.services.portal import PortalService
from kiosk.session import CitizenSession

log = logging.getLogger(__name__)


class LoginService:
    def __init__(self, cards: CardService, portal: PortalService) -> None:
        self._cards = cards
        self._portal = portal

    async def login(self, session: CitizenSession, pin: bytearray | None) -> None:
        """Prove to the portal that the card is here and its PIN known; sets ``session.portal_token``.

        ``pin`` None lets the reader's pinpad take the PIN. The PIN buffer is zeroed whatever happens; card
        errors (WrongPin, PinBlocked, CardRemoved) and portal errors propagate to the screen that asked.
        """
        from kiosk.card.errors import CardError
        from kiosk.client import PortalError

        try:
            portal = self._portal.require(session.language)
            challenge = await portal.citizen_challenge(session.language)
            auth = await asyncio.to_thread(self._cards.sign, session.reader, challenge.challenge, pin)
            login = await portal.citizen_session(
                challenge.challenge_id, auth.signature, auth.algorithm, auth.certificate_chain, session.language
            )
        except CardError as error:
            log.warning("login failed: %s", error.message_id)
            raise
        except PortalError as error:
            reason = error.problem.get("type") or error.status or "unavailable"
            log.warning("login failed: portal %s", reason)
            raise
        finally:
            if pin is not None:
                pin[:] = bytes(len(pin))
        session.portal_token = login.session_token
        log.info("login ok: card signature accepted")
