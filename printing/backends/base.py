"""What every printer backend offers the print service."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from printing.journal import PrintJob
from printing.status import PrinterStatus


class PrintError(Exception):
    """A job could not reach the printer; the job stays in the journal.

    ``message_id`` is a key of printing.texts for the citizen or clerk;
    the exception text is operator detail for the log.
    """

    def __init__(self, detail: str, message_id: str = "printer.offline") -> None:
        super().__init__(detail)
        self.message_id = message_id


class TargetError(ValueError):
    """A printer target string in the configuration is not understood."""


@dataclass(frozen=True)
class Delivery:
    """What a backend did with a job."""

    printer_job: str
    """The backend's own handle: a file path, a CUPS request id, an IPP job id."""
    printed: bool
    """True when the output is final (a file written); False when a queue still has it."""


class PrinterBackend(Protocol):
    target: str

    def send(self, job: PrintJob, pdf: bytes) -> Delivery:
        """Hand the job over or raise PrintError."""
        ...

    def status(self, target_name: str) -> PrinterStatus: ...

    def is_printed(self, printer_job: str) -> bool | None:
        """True when done on paper, False when the printer aborted it, None while pending."""
        ...
