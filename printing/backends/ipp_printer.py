"""``ipp://host:port/path``: straight to a network printer over IPP, where no CUPS runs."""

from __future__ import annotations

from printing.backends.base import Delivery, PrintError
from printing.ipp import (
    JOB_ABORTED,
    JOB_CANCELED,
    JOB_COMPLETED,
    KEYWORD_TAG,
    PRINTER_STATUS_ATTRIBUTES,
    PRINTER_STOPPED,
    IppEndpoint,
    IppError,
    job_state,
    print_job,
    printer_attributes,
)
from printing.journal import PrintJob
from printing.status import PrinterState, PrinterStatus, state_from_reasons


def job_title(job: PrintJob) -> str:
    return f"{job.reference}-{job.document}" + ("" if job.copy == 1 else f"-copy{job.copy}")


def status_from_printer(target_name: str, endpoint: IppEndpoint) -> PrinterStatus:
    """Ask the printer itself: its printer-state-reasons are the truth about paper and jams."""
    try:
        answer = printer_attributes(endpoint, PRINTER_STATUS_ATTRIBUTES)
    except IppError as error:
        return PrinterStatus(target_name, PrinterState.OFFLINE, detail=str(error))
    reasons = tuple(reason for reason in answer.strings("printer-state-reasons") if reason != "none")
    state = state_from_reasons(reasons, stopped=answer.first("printer-state") == PRINTER_STOPPED)
    if answer.first("printer-is-accepting-jobs") is False:
        state = PrinterState.OFFLINE
    return PrinterStatus(target_name, state, reasons, str(answer.first("printer-state-message", "")))


def printed_from_job_state(state: int | None) -> bool | None:
    if state == JOB_COMPLETED:
        return True
    if state in (JOB_ABORTED, JOB_CANCELED, None):
        return False  # aborted, cancelled, or forgotten by a restarted printer: send again
    return None


class IppPrinterBackend:
    def __init__(self, target: str, endpoint: IppEndpoint, media: str | None = None) -> None:
        self.target = target
        self.endpoint = endpoint
        self.media = media

    def status(self, target_name: str) -> PrinterStatus:
        return status_from_printer(target_name, self.endpoint)

    def send(self, job: PrintJob, pdf: bytes) -> Delivery:
        attributes = [(KEYWORD_TAG, "media", self.media.encode())] if self.media else []
        try:
            job_id = print_job(self.endpoint, pdf, job_name=job_title(job), job_attributes=attributes)
        except IppError as error:
            raise PrintError(f"{self.target}: {error}") from error
        return Delivery(printer_job=str(job_id), printed=False)

    def is_printed(self, printer_job: str) -> bool | None:
        try:
            return printed_from_job_state(job_state(self.endpoint, int(printer_job)))
        except IppError:
            return None  # unreachable right now: ask again later
