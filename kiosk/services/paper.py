"""Paper: receipts and certificates composed and sent through the one PrintService, and the printers' state.

Everything here blocks (rendering with reportlab, IPP or `lp` with long timeouts): call it from a thread,
never on the event loop, so a hung printer never freezes the screen or delays the wipe on card removal.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from kiosk.config import Settings
from kiosk.services.models import IssuedDocumentInfo

if TYPE_CHECKING:
    from printing.documents.receipt import ReceiptData
    from printing.documents.ticket import TicketData
    from printing.service import PrintService

log = logging.getLogger(__name__)


class PaperService:
    """Its lock guards only the PrintService made on first use (the printer worker and a submission race)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._printer: PrintService | None = None
        self._lock = threading.Lock()
        self._last_problem: str | None = None

    @property
    def printer(self) -> PrintService:
        with self._lock:
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
        except Exception as error:
            log.error("print job failed: %s could not be printed (%s)", document, type(error).__name__)
            return False
        log.info("print job %s: %s to %s, %s", job.id, document, printer, job.state)
        return job.state in ("printed", "sent")

    def print_receipt(self, data: ReceiptData) -> bool:
        """The 80 mm receipt; True once the printer has it."""
        from printing.documents.receipt import render_receipt

        return self._to_paper("receipt", data.reference, "receipt", partial(render_receipt, data))

    def print_ticket(self, data: TicketData) -> bool:
        """A queue ticket on the receipt printer; True once the printer has it."""
        from printing.documents.ticket import render_ticket

        return self._to_paper("receipt", data.number, "queue-ticket", partial(render_ticket, data))

    def print_certificates(
        self, reference: str, documents: Sequence[IssuedDocumentInfo], language: str
    ) -> tuple[int, int]:
        """Print each sealed document; returns (on paper, waiting in the journal). The holder's name, the
        dates and the fields printed come from the seal itself, so paper and QR can never disagree."""
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
                body=text(language, "certificate.body"),
                place=self.settings.kiosk.id,
                access_code=document.access_code or "",
                other_codes=document.other_codes,
                status_url=None,
                language=language,
            )
            kind = document.type or "certificate"
            if self._to_paper("documents", reference, kind, partial(render_certificate, data)):
                printed += 1
            else:
                waiting += 1
        return printed, waiting

    def printer_problem(self) -> str | None:
        """The message id of what keeps the printers from printing now, or None when they can."""
        problem: str | None = None
        try:
            statuses = self.printer.statuses()
        except Exception as error:
            log.error("printer status could not be read: %s", type(error).__name__)
            problem = "printer.offline"
        else:
            faulty = [status for status in statuses.values() if not status.can_print]
            if faulty:
                problem = faulty[0].message_id
                if problem != self._last_problem:
                    for status in faulty:
                        reasons = ", ".join(status.reasons) or status.state
                        log.warning("printer fault: %s %s", status.target_name, reasons)
        if problem is None and self._last_problem is not None:
            log.info("printers ready again")
        self._last_problem = problem
        return problem

    def poll(self) -> None:
        """Retry jobs kept in the journal and confirm sent ones (on a timer)."""
        for job in self.printer.poll():
            log.info("print job %s: %s to %s, %s", job.id, job.document, job.kind, job.state)
