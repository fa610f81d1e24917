"""PrintService: the one door the kiosk and the counter use to print.

Every document is written to the journal first, then sent. A printer that
fails leaves the job queued for ``retry_pending``; nothing raises into the
journey for a printer problem, the returned job and ``status`` say what
happened.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

from printing.backends import PrinterBackend, PrintError, TargetError, open_backend
from printing.journal import JobState, PrintJob, PrintJournal
from printing.status import PrinterState, PrinterStatus

log = logging.getLogger(__name__)

DEFAULT_MAX_ATTEMPTS = 5
MAX_REFERENCE_LENGTH = 120
DEFAULT_RETENTION = timedelta(days=7)
"""Long enough for a clerk's reprint, short enough for a PDF full of personal data."""


class UnknownPrinter(KeyError):
    """``kind`` names no configured printer (receipt, documents...)."""


class PrintService:
    def __init__(
        self,
        journal_path: Path,
        targets: dict[str, str],
        *,
        max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    ) -> None:
        """``targets`` maps a printer name to a target string; bad ones raise TargetError."""
        self.journal = PrintJournal(journal_path)
        self.max_attempts = max_attempts
        self._backends: dict[str, PrinterBackend] = {
            name: open_backend(target) for name, target in targets.items()
        }

    def close(self) -> None:
        self.journal.close()

    def target(self, kind: str) -> str:
        """The configured target string of printer ``kind``."""
        return self._backend(kind).target

    def statuses(self) -> dict[str, PrinterStatus]:
        """Every configured printer's status: what the journey checks before the citizen pays."""
        return {name: self.status(name) for name in self._backends}

    def poll(self) -> list[PrintJob]:
        """Retry queued jobs and confirm sent ones; the kiosk calls this on a timer."""
        return self.retry_pending() + self.refresh()

    def _backend(self, kind: str) -> PrinterBackend:
        try:
            return self._backends[kind]
        except KeyError:
            raise UnknownPrinter(kind) from None

    def submit(self, kind: str, reference: str, document: str, pdf: bytes) -> PrintJob:
        """Journal the PDF, then send it to printer ``kind``; returns the job as it stands."""
        backend = self._backend(kind)
        if not reference.strip() or len(reference) > MAX_REFERENCE_LENGTH:
            raise ValueError(f"a print job needs a reference of 1 to {MAX_REFERENCE_LENGTH} characters")
        if not document.strip():
            raise ValueError("a print job needs a document name")
        if not pdf.startswith(b"%PDF-"):
            raise ValueError("only PDF documents can be printed")
        job = self.journal.add(
            reference=reference,
            kind=kind,
            document=document,
            target=backend.target,
            pdf=pdf,
            attempting=True,
        )
        return self._deliver(job, pdf)

    def _send(self, job: PrintJob, pdf: bytes) -> PrintJob:
        return self._deliver(self.journal.begin_attempt(job.id), pdf)

    def _deliver(self, job: PrintJob, pdf: bytes) -> PrintJob:
        """Hand the job to its printer; its attempt is already counted in the journal."""
        backend = self._backend(job.kind)
        try:
            delivery = backend.send(job, pdf)
        except PrintError as error:
            give_up = job.attempts >= self.max_attempts
            state = JobState.FAILED if give_up else JobState.QUEUED
            # Job ids and targets only: the document itself may hold personal data.
            log.warning("print job %s to %s not sent (attempt %s): %s", job.id, job.kind,
                        job.attempts, error)  # fmt: skip
            return self.journal.set_state(job.id, state, error=error.message_id)
        state = JobState.PRINTED if delivery.printed else JobState.SENT
        return self.journal.set_state(job.id, state, printer_job=delivery.printer_job)

    def status(self, target_name: str) -> PrinterStatus:
        """Whether printer ``target_name`` can print now; never raises for a printer fault."""
        backend = self._backends.get(target_name)
        if backend is None:
            return PrinterStatus(target_name, PrinterState.OFFLINE, detail="not configured")
        try:
            return backend.status(target_name)
        except PrintError as error:
            return PrinterStatus(target_name, PrinterState.OFFLINE, detail=str(error))

    def retry_pending(self) -> list[PrintJob]:
        """Send again every queued job whose printer is configured; call at start and on a timer."""
        retried = []
        for job in self.journal.in_state(JobState.QUEUED):
            if job.kind in self._backends:
                retried.append(self._send(job, self.journal.pdf(job.id)))
        return retried

    def refresh(self) -> list[PrintJob]:
        """Ask the printers about sent jobs; confirmed ones become printed, aborted ones queued."""
        changed = []
        for job in self.journal.in_state(JobState.SENT):
            backend = self._backends.get(job.kind)
            if backend is None or job.printer_job is None:
                continue
            try:
                done = backend.is_printed(job.printer_job)
            except PrintError:
                continue
            if done is True:
                changed.append(self.journal.set_state(job.id, JobState.PRINTED))
            elif done is False:
                state = JobState.FAILED if job.attempts >= self.max_attempts else JobState.QUEUED
                changed.append(self.journal.set_state(job.id, state, error="printer.offline"))
        return changed

    def reprint(self, reference: str) -> list[PrintJob]:
        """A new copy of each document printed for ``reference``; empty if none is known."""
        latest: dict[tuple[str, str], PrintJob] = {}
        for job in self.journal.by_reference(reference):
            latest[job.kind, job.document] = job
        copies = []
        for job in latest.values():
            if job.kind not in self._backends:
                continue
            pdf = self.journal.pdf(job.id)
            copy = self.journal.add(
                reference=job.reference,
                kind=job.kind,
                document=job.document,
                target=self._backends[job.kind].target,
                pdf=pdf,
                attempting=True,
            )
            copies.append(self._deliver(copy, pdf))
        return copies

    def jobs(self) -> list[PrintJob]:
        return self.journal.jobs()

    def purge(self, keep: timedelta = DEFAULT_RETENTION) -> int:
        """Forget printed and failed jobs (and their PDFs) older than ``keep``; call daily."""
        return self.journal.purge(datetime.now(UTC) - keep)

    def job(self, job_id: int) -> PrintJob:
        return self.journal.get(job_id)

    def pdf(self, job_id: int) -> bytes:
        return self.journal.pdf(job_id)


__all__ = ["PrintService", "TargetError", "UnknownPrinter"]
