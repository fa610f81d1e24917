"""Every card read is reported to the portal's audit trail, without holding up the person who inserted it.

The card is read on the kiosk (the name and photo of the welcome page, the address of a change of address), so
the portal would never hear of it. Right after each read the report (which kinds of data and when, never the
data) is handed to the app's loop, which keeps it in the outbox on disk and then sends it, in the background.
When the portal is away it waits there and goes with the next outbox delivery; its Idempotency-Key makes the
portal record it once, however many times it is sent.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import logging
import threading
import uuid
from collections.abc import Sequence

from kiosk.services.portal import PortalService
from kiosk.session import CitizenSession

log = logging.getLogger(__name__)


class CardReadAudit:
    """One per kiosk. ``note`` is called from the card's thread; the sending happens on the app's loop."""

    def __init__(self, portal: PortalService) -> None:
        self._portal = portal
        self._loop: asyncio.AbstractEventLoop | None = None
        """The loop the portal client runs on, learnt from the first delivery (the app starts it)."""
        self._sending: asyncio.Lock | None = None
        self._in_flight: set[concurrent.futures.Future[int]] = set()
        self._guard = threading.Lock()

    def note(self, what: Sequence[str], session: CitizenSession | None) -> None:
        """From the card's thread: a read of these kinds of data just happened. Returns at once.

        The citizen's portal session, when they are signed in, goes with the report so the portal names them;
        nothing else about the person does. Once the app's loop is known, keeping the report on disk and
        sending it both happen there, in the background (the write waits for the disk; bench/card_read_audit.py
        measures what is left in the read); before that, it is kept here and goes with the first delivery.
        """
        from kiosk.client.outbox import encode_card_read

        report = (f"card-read-{uuid.uuid4().hex}", encode_card_read(what, dt.datetime.now(dt.UTC)))
        token = session.portal_token if session is not None else None
        with self._guard:
            loop = self._loop
        if loop is not None and not loop.is_closed():
            try:
                future = asyncio.run_coroutine_threadsafe(self._keep_and_send(*report, token), loop)
            except RuntimeError:  # the loop closed meanwhile
                pass
            else:
                with self._guard:
                    self._in_flight.add(future)
                future.add_done_callback(self._sent)
                return
        self._portal.outbox.put_card_read(*report, token)

    async def _keep_and_send(self, key: str, body: bytes, token: str | None) -> int:
        await asyncio.to_thread(self._portal.outbox.put_card_read, key, body, token)
        return await self.deliver()

    def _sent(self, future: concurrent.futures.Future[int]) -> None:
        with self._guard:
            self._in_flight.discard(future)
        if not future.cancelled() and (error := future.exception()) is not None:
            # A report that was not sent waits in the outbox for the next delivery. Only the kind is logged.
            log.warning("card read report not sent: %s", type(error).__name__)

    async def deliver(self) -> int:
        """Report what waits in the outbox; returns how many the portal recorded. On the app's loop."""
        loop = asyncio.get_running_loop()
        with self._guard:
            if self._loop is not loop:
                self._loop, self._sending = loop, asyncio.Lock()
            sending = self._sending
        client = self._portal.client
        if client is None or sending is None:
            return 0
        async with sending:  # one sender at a time, so a report is not sent twice at once
            recorded = await client.deliver_card_reads(self._portal.outbox)
        if recorded:
            log.info("card reads recorded by the portal: %s", recorded)
        return recorded

    @property
    def in_flight(self) -> int:
        """Reports sent in the background and not yet answered."""
        with self._guard:
            return sum(not future.done() for future in self._in_flight)

    async def settled(self) -> None:
        """Wait until the reports sent in the background so far have been answered (or failed)."""
        with self._guard:
            futures = [asyncio.wrap_future(future) for future in self._in_flight]
        await asyncio.gather(*futures, return_exceptions=True)
