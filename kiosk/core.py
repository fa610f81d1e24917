"""The kiosk without its screens: card reader, portal client and printers, wired from the settings.

The Textual app drives this object from workers; tests and the counter can drive it headless. Heavy imports
(httpx, pyscard, reportlab) happen here, after the first screen is painted, never at start-up.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING

from kiosk.config import Settings
from kiosk.session import CitizenSession

if TYPE_CHECKING:
    from kiosk.card.cache import IdentityCache
    from kiosk.card.events import ReaderEvent
    from kiosk.card.identity import AuthResult
    from kiosk.card.monitor import PcscMonitor
    from kiosk.card.session import CardSession
    from kiosk.card.simulated import SimulatedReader
    from kiosk.client import IssuedDocument, PortalClient, ServiceSummary
    from kiosk.client.outbox import Outbox
    from kiosk.embedded import EmbeddedPortal
    from printing.service import PrintService

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Confirmation:
    """What the confirmation screen shows after a submission."""

    reference: str
    service_name: str
    status: str
    receipt_printed: bool
    documents_printed: int = 0
    """Certificates that came out of the printer (instant services)."""
    documents_waiting: int = 0
    """Certificates kept in the print journal for a reprint at the counter (printer fault)."""


def provisional_reference(idempotency_key: str) -> str:
    """A reference the person can quote before the portal has given the real one (same key, same reference)."""
    import hashlib

    return "P-" + hashlib.sha256(idempotency_key.encode()).hexdigest()[:10].upper()


class KioskCore:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.reader: SimulatedReader | None = None
        self.portal: PortalClient | None = None
        self._embedded: EmbeddedPortal | None = None
        self._printer: PrintService | None = None
        self._outbox: Outbox | None = None
        self._demo_turn = 0
        self._lock = threading.Lock()
        """Guards what the reader, portal and printer threads make on first use."""
        self._card_cache: IdentityCache | None = None
        self._monitor: PcscMonitor | None = None

    # --- card ------------------------------------------------------------------------------------------------

    @property
    def simulated(self) -> bool:
        """The demo's in-process reader, rather than PC/SC readers."""
        return self.settings.card.reader == "simulated"

    def _simulated_reader(self) -> SimulatedReader:
        # Made on first use, from whichever thread comes first (the reader watch or a demo card press),
        # so its import stays off the start-up path and a press never finds it missing.
        with self._lock:
            if self.reader is None:
                from kiosk.card.simulated import SimulatedReader

                self.reader = SimulatedReader()
            return self.reader

    def start_reader(self, on_event: Callable[[ReaderEvent], None]) -> None:
        """Watch the configured reader; events arrive on another thread."""

        def forward(event: ReaderEvent) -> None:
            if event.kind in ("removed", "reader_removed"):
                self.forget_card()  # before anyone hears of it: nothing of this card outlives it
            on_event(event)

        if not self.simulated:
            from kiosk.card.monitor import PcscMonitor

            self._monitor = PcscMonitor(forward)
            self._monitor.start()
            return
        self._simulated_reader().watch(forward)

    def insert_demo_card(self) -> str:
        """Put the next demo citizen's card into the simulated reader; returns the citizen id."""
        from kiosk.card.emulator.citizens import demo_citizens

        if not self.simulated:
            raise RuntimeError('demo cards need the simulated reader ([card] reader = "simulated")')
        citizens = demo_citizens()
        citizen = citizens[self._demo_turn % len(citizens)]
        self._demo_turn += 1
        self._simulated_reader().insert(citizen.id)
        return str(citizen.id)

    def remove_demo_card(self) -> None:
        if self.reader is not None:
            self.reader.remove()

    def _open_card(self, reader_name: str | None) -> CardSession:
        from kiosk.card.cache import IdentityCache
        from kiosk.card.session import CardSession

        with self._lock:
            if self._card_cache is None:
                self._card_cache = IdentityCache()
        if self.simulated:
            return CardSession.open(self._simulated_reader().transport(), cache=self._card_cache)
        from kiosk.card.transport import PcscTransport

        return CardSession.open(PcscTransport(reader_name), cache=self._card_cache)

    def forget_card(self) -> None:
        """The card left or the person's session ended: drop everything read from it."""
        if self._card_cache is not None:
            self._card_cache.clear()

    def read_card(self, reader_name: str | None = None) -> CitizenSession:
        """Read the holder's identity (text part only) and open a session. Blocking: run in a thread."""
        card = self._open_card(reader_name)
        try:
            identity = card.read_identity()
        finally:
            card.close()
        return CitizenSession(holder_name=identity.full_name(), identity=identity, reader=reader_name)

    async def login(self, session: CitizenSession, pin: bytearray) -> None:
        """Prove to the portal that the card is here and its PIN known: the card signs the portal's challenge.

        The PIN buffer is zeroed by the card layer whatever happens; card errors (wrong PIN, blocked PIN,
        card removed) and portal errors propagate to the screen that asked.
        """
        import asyncio

        portal = self._client(session.language)
        try:
            challenge = await portal.citizen_challenge(session.language)
            auth = await asyncio.to_thread(self._sign, session.reader, challenge.challenge, pin)
        finally:
            pin[:] = bytes(len(pin))
        login = await portal.citizen_session(
            challenge.challenge_id, auth.signature, auth.algorithm, auth.certificate_chain, session.language
        )
        session.portal_token = login.session_token

    def _sign(self, reader_name: str | None, challenge: bytes, pin: bytearray) -> AuthResult:
        card = self._open_card(reader_name)
        try:
            return card.authenticate(challenge, pin)
        finally:
            card.close()

    # --- portal ----------------------------------------------------------------------------------------------

    def start_portal(self) -> None:
        """Start the embedded portal if configured and make the client. Blocking: run in a thread."""
        from kiosk.client import PortalClient

        portal = self.settings.portal
        if self.settings.embedded_portal:
            from kiosk.embedded import EmbeddedPortal

            self._embedded = EmbeddedPortal(self.settings)
            self._embedded.start()
            token = self._embedded.wait_ready()
            url = self._embedded.url
        else:
            token, url = portal.device_token, portal.url
        from kiosk.client.cache import CatalogCache

        self.portal = PortalClient(
            url,
            token,
            timeout=portal.timeout_seconds,
            ca_bundle=portal.ca_bundle or None,
            cache=CatalogCache(self.settings.kiosk.data_dir / "catalog-cache"),
        )
        if not self.settings.embedded_portal:
            import httpx

            # Only to tell people at once whether the portal is there; the client retries on its own later.
            httpx.get(
                f"{url.rstrip('/')}/v1/health", timeout=portal.timeout_seconds, verify=portal.ca_bundle or True
            )

    def _client(self, language: str) -> PortalClient:
        """The portal client, or PortalUnavailable while the portal is still starting or never came up."""
        if self.portal is None:
            from kiosk.client import PortalUnavailable
            from kiosk.client.portal import unavailable_message

            raise PortalUnavailable(unavailable_message(language))
        return self.portal

    async def quick_services(self, language: str) -> list[ServiceSummary]:
        """Services a person can request at once with their card: no PIN step and no required question."""
        import asyncio

        portal = self._client(language)
        open_services = [s for s in await portal.services(language) if s.assurance == "none"]
        details = await asyncio.gather(*(portal.service(s.code, language) for s in open_services))
        return [detail.summary for detail in details if not detail.has_required_fields]

    @property
    def outbox(self) -> Outbox:
        with self._lock:
            if self._outbox is None:
                from kiosk.client.outbox import Outbox

                self._outbox = Outbox(self.settings.kiosk.data_dir / "outbox.sqlite")
            return self._outbox

    async def apply(self, session: CitizenSession, service: ServiceSummary) -> Confirmation:
        """Submit the request, then print its receipt. The submission never depends on the printer.

        When the portal cannot be reached, a service that is not instant waits in the durable outbox and the
        person leaves with a provisional reference; an instant one raises PortalUnavailable, because its
        document can only come from the portal.
        """
        from kiosk.client import PortalUnavailable
        from kiosk.client.outbox import encode_body

        key = session.idempotency_key(service.code)
        body = encode_body(service.code, session.answers)
        documents: Sequence[IssuedDocument] = ()
        try:
            submission = await self._client(session.language).submit_body(
                body, idempotency_key=key, language=session.language, citizen_token=session.portal_token
            )
            reference, status = submission.reference, submission.status
        except PortalUnavailable:
            if service.instant:
                raise
            self.outbox.put(key, service.code, body, session.language, session.portal_token)
            reference, status = provisional_reference(key), "queued"
        else:
            documents = submission.documents
        printed = self._print_receipt(session, service, reference)
        out, waiting = self._print_documents(session, reference, documents)
        return Confirmation(reference, service.name, status, printed, out, waiting)

    async def deliver_outbox(self) -> int:
        """Send what waited while the portal was away; returns how many went through."""
        if self.portal is None:
            return 0
        return await self.portal.deliver(self.outbox)

    # --- printing --------------------------------------------------------------------------------------------

    @property
    def printer(self) -> PrintService:
        with self._lock:  # the printer worker and a submission may ask for it at the same moment
            if self._printer is None:
                from printing.service import PrintService

                targets = {
                    "receipt": self.settings.printers.receipt,
                    "documents": self.settings.printers.documents,
                }
                self._printer = PrintService(self.settings.printers.journal, targets)
            return self._printer

    def _to_paper(self, printer: str, reference: str, document: str, render: Callable[[], bytes]) -> bool:
        """Render and print; True once the printer has it. Otherwise the journal keeps it for a reprint at the
        counter (e.g. no paper), or it could not even be rendered, which is logged: the request is already
        safe in the portal either way."""
        try:
            job = self.printer.submit(printer, reference, document, render())
        except Exception:
            log.exception("a %s could not be printed", document)
            return False
        return job.state in ("printed", "sent")

    def _print_receipt(self, session: CitizenSession, service: ServiceSummary, reference: str) -> bool:
        from printing.documents.receipt import ReceiptData, render_receipt

        data = ReceiptData(
            service_name=service.name,
            reference=reference,
            issued_at=datetime.now().astimezone(),
            location=self.settings.kiosk.id,
            fee=service.fee,
            payment=None,
            next_steps="",
            status_url=None,
            language=session.language,
        )
        return self._to_paper("receipt", reference, "receipt", partial(render_receipt, data))

    def _print_documents(
        self, session: CitizenSession, reference: str, documents: Sequence[IssuedDocument]
    ) -> tuple[int, int]:
        """Print each sealed certificate the portal issued; returns (on paper, waiting in the journal)."""
        from kiosk.i18n import text
        from kiosk.seal import read_seal_unverified
        from printing.documents.certificate import CertificateData, render_certificate

        printed = waiting = 0
        for document in documents:
            if not document.seal:
                continue
            sealed = read_seal_unverified(document.seal)
            data = CertificateData(
                document=sealed,
                seal=document.seal,
                title=document.title,
                issuer_name=sealed.issuer,
                issuer_details="",
                body=text(session.language, "certificate.body"),
                place=self.settings.kiosk.id,
                access_code=document.access_code or "",
                status_url=None,
                language=session.language,
            )
            if self._to_paper("documents", reference, document.type, partial(render_certificate, data)):
                printed += 1
            else:
                waiting += 1
        return printed, waiting

    def printer_problem(self) -> str | None:
        """The message id of what keeps the printers from printing now, or None when they can. Blocking."""
        try:
            statuses = self.printer.statuses()
        except Exception:
            log.exception("printer status could not be read")
            return "printer.offline"
        for status in statuses.values():
            if not status.can_print:
                return status.message_id
        return None

    def poll_printers(self) -> None:
        """Retry jobs kept in the journal and confirm sent ones. Blocking: run in a thread, on a timer."""
        self.printer.poll()

    # --- shutdown --------------------------------------------------------------------------------------------

    def stop(self) -> None:
        """Stop the embedded portal process and the reader watch; safe to call more than once."""
        if self._embedded is not None:
            self._embedded.stop()
        if self._monitor is not None:
            self._monitor.stop()
