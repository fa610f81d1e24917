"""The kiosk without its screens: the composition root that wires the card, portal, catalog, login, paper and
application services (kiosk/services/) from the settings.

The Textual app holds one KioskCore and drives it from workers; tests and the counter drive it headless. Each
part guards only its own lazily made state: there is no lock shared between the reader, the portal and the
printers. Methods marked "blocking" talk to a card or a printer: call them from a thread worker. Heavy imports
(httpx, pyscard, reportlab) happen inside the services, after the first screen is painted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from kiosk.config import Settings
from kiosk.services.applications import ApplicationService, provisional_reference
from kiosk.services.card_reads import CardReadAudit
from kiosk.services.cards import CardService
from kiosk.services.catalog import CatalogService
from kiosk.services.login import LoginService
from kiosk.services.models import ApplicationInfo, Confirmation, IssuedDocumentInfo, PaymentInfo
from kiosk.services.paper import PaperService
from kiosk.services.portal import PortalService
from kiosk.session import CitizenSession

if TYPE_CHECKING:
    from kiosk.card.events import ReaderEvent
    from kiosk.card.identity import Photo
    from kiosk.card.pins import PinTries
    from kiosk.card.simulated import SimulatedReader
    from kiosk.client import PortalClient, ServiceDetail, ServiceSummary
    from kiosk.client.outbox import Outbox
    from kiosk.counter.service import CounterService
    from kiosk.embedded import EmbeddedPortal
    from kiosk.services.address import AddressService
    from kiosk.services.bundles import BundleService
    from kiosk.services.queue import QueueService
    from printing.service import PrintService

__all__ = [
    "ApplicationInfo",
    "Confirmation",
    "IssuedDocumentInfo",
    "KioskCore",
    "PaymentInfo",
    "provisional_reference",
]


class KioskCore:
    """One per app. Its parts are public attributes: ``cards``, ``portal_service``, ``card_reads``, ``catalog``,
    ``logins``, ``paper`` and ``applications``; the methods below are the API the screens call."""

    def __init__(self, settings: Settings) -> None:
        from kiosk.logs import configure_logging

        self.settings = settings
        configure_logging(settings)  # idempotent: the app, the CLI and tests may all make a core
        self.cards = CardService(settings)
        self.portal_service = PortalService(settings)
        self.card_reads = CardReadAudit(self.portal_service)
        self.cards.on_read = self.card_reads.note  # every read of the card reaches the portal's audit trail
        self.catalog = CatalogService(self.portal_service)
        self.logins = LoginService(self.cards, self.portal_service)
        self.paper = PaperService(settings)
        self.applications = ApplicationService(settings.kiosk.id, self.portal_service, self.paper)
        self._queue: QueueService | None = None
        self._addresses: AddressService | None = None
        self._bundles: BundleService | None = None
        self._counter: CounterService | None = None

    @property
    def counter(self) -> CounterService:
        """Counter mode: the clerk, the desk and the staff side of the portal (made on first use)."""
        if self._counter is None:
            from kiosk.counter.service import CounterService

            self._counter = CounterService(self.settings, self.portal_service)
        return self._counter

    @property
    def addresses(self) -> AddressService:
        """Change of address: the card's address and the letter's code (made on first use)."""
        if self._addresses is None:
            from kiosk.services.address import AddressService

            self._addresses = AddressService(self.cards, self.portal_service, self.applications)
        return self._addresses

    @property
    def bundles(self) -> BundleService:
        """Life-event bundles: several applications sent together, one receipt (made on first use)."""
        if self._bundles is None:
            from kiosk.services.bundles import BundleService

            self._bundles = BundleService(self.settings.kiosk.id, self.portal_service, self.paper)
        return self._bundles

    @property
    def queue(self) -> QueueService:
        """The queue: tickets, "call a clerk", the display's board (made on first use)."""
        if self._queue is None:
            from kiosk.services.queue import QueueService

            self._queue = QueueService(self.portal_service, self.paper, self.settings.kiosk.id)
        return self._queue

    # --- views other code has read from the core since before the split --------------------------------------

    @property
    def simulated(self) -> bool:
        return self.cards.simulated

    @property
    def reader(self) -> SimulatedReader | None:
        return self.cards.reader

    @property
    def portal(self) -> PortalClient | None:
        return self.portal_service.client

    @property
    def _embedded(self) -> EmbeddedPortal | None:
        return self.portal_service.embedded

    @property
    def outbox(self) -> Outbox:
        return self.portal_service.outbox

    @property
    def printer(self) -> PrintService:
        return self.paper.printer

    # --- card (blocking unless said) -------------------------------------------------------------------------

    def start_reader(self, on_event: Callable[[ReaderEvent], None]) -> None:
        """Watch the configured reader; events arrive on another thread."""
        self.cards.start_reader(on_event)

    def insert_demo_card(self) -> str:
        return self.cards.insert_demo_card()

    def remove_demo_card(self) -> None:
        self.cards.remove_demo_card()

    def forget_card(self) -> None:
        """The card left or the person's session ended: drop everything read from it."""
        self.cards.forget_card()

    def read_card(self, reader: str | None = None) -> CitizenSession:
        return self.cards.read_card(reader)

    def read_photo(self, session: CitizenSession) -> Photo | None:
        return self.cards.read_photo(session)

    def pin_tries(self, session: CitizenSession) -> PinTries:
        return self.cards.pin_tries(session)

    def has_pinpad(self, session: CitizenSession) -> bool:
        return self.cards.has_pinpad(session)

    async def login(self, session: CitizenSession, pin: bytearray | None) -> None:
        """Card login; ``pin`` None when the reader's pinpad takes it. The PIN buffer is always zeroed."""
        await self.logins.login(session, pin)

    # --- portal and catalog ----------------------------------------------------------------------------------

    def start_portal(self) -> None:
        """Blocking: starts the embedded portal or checks the configured one."""
        self.portal_service.start()

    async def services(self, language: str) -> list[ServiceSummary]:
        return await self.catalog.services(language)

    async def service(self, code: str, language: str) -> ServiceDetail:
        return await self.catalog.service(code, language)

    async def deliver_outbox(self) -> int:
        """Send the submissions that waited (returns how many), then the card reads still to report."""
        delivered = await self.portal_service.deliver_outbox()
        await self.card_reads.deliver()
        return delivered

    # --- applications ----------------------------------------------------------------------------------------

    async def submit(
        self,
        session: CitizenSession | None,
        service: ServiceSummary,
        answers: dict[str, object],
        idempotency_key: str,
        language: str,
    ) -> Confirmation:
        """Submit on the loop, print in a thread; see ApplicationService.submit."""
        return await self.applications.submit(session, service, answers, idempotency_key, language)

    async def my_applications(self, session: CitizenSession) -> list[ApplicationInfo]:
        return await self.applications.my_applications(session)

    def reprint(self, session: CitizenSession, reference: str) -> int:
        """Blocking: print again the sealed documents of one of the person's listed applications."""
        return self.applications.reprint(session, reference)

    # --- printers (blocking) ---------------------------------------------------------------------------------

    def printer_problem(self) -> str | None:
        """The message id of what keeps the printers from printing now, or None when they can."""
        return self.paper.printer_problem()

    def poll_printers(self) -> None:
        """Retry jobs kept in the journal and confirm sent ones; on a timer."""
        self.paper.poll()

    # --- shutdown --------------------------------------------------------------------------------------------

    def stop(self) -> None:
        """Stop the embedded portal process and the reader watch; safe to call more than once."""
        self.portal_service.stop()
        self.cards.stop()
