"""Backends that write PDF files into a folder: ``spool:DIR`` and ``pdf:DIR``.

``spool:DIR`` is the embedded default: the folder stands in for the printer, and
a file ``DIR/printer-state-reasons`` (comma-separated IPP keywords such as
``media-empty``) lets a demo or a test put that printer out of paper. While it
names a blocking reason, jobs wait in the journal like on a real printer.
``pdf:DIR`` only writes files and is always ready.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from printing.backends.base import Delivery, PrintError
from printing.journal import PrintJob
from printing.status import PrinterState, PrinterStatus, state_from_reasons

STATE_FILE = "printer-state-reasons"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def spool_file_name(job: PrintJob) -> str:
    """``<reference>-<document>.pdf``, reprints ``...-copy2.pdf``; safe for any reference."""
    stem = _UNSAFE.sub("_", f"{job.reference}-{job.document}").lstrip(".") or "job"
    suffix = "" if job.copy == 1 else f"-copy{job.copy}"
    return f"{stem}{suffix}.pdf"


class FolderBackend:
    def __init__(self, target: str, directory: Path, *, simulate_status: bool) -> None:
        self.target = target
        self.directory = directory
        self._simulate_status = simulate_status

    def _reasons(self) -> tuple[str, ...]:
        if not self._simulate_status:
            return ()
        try:
            raw = (self.directory / STATE_FILE).read_text(encoding="utf-8")
        except FileNotFoundError:
            return ()
        except OSError:
            return ("offline-report",)
        return tuple(word for word in re.split(r"[\s,]+", raw) if word and word != "none")

    def status(self, target_name: str) -> PrinterStatus:
        if not self.directory.is_dir() or not os.access(self.directory, os.W_OK | os.X_OK):
            return PrinterStatus(
                target_name, PrinterState.OFFLINE, detail=f"{self.directory} is not a writable folder"
            )
        reasons = self._reasons()
        return PrinterStatus(target_name, state_from_reasons(reasons), reasons)

    def send(self, job: PrintJob, pdf: bytes) -> Delivery:
        status = self.status(job.kind)
        if not status.can_print:
            raise PrintError(
                f"{self.target}: {status.state} {','.join(status.reasons)} {status.detail}".strip(),
                status.message_id,
            )
        final = self.directory / spool_file_name(job)
        # Write then rename: a reader (or a crash) never sees half a PDF.
        handle, temporary = tempfile.mkstemp(prefix=".partial-", dir=self.directory)
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(pdf)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, final)
        except OSError as error:
            Path(temporary).unlink(missing_ok=True)
            raise PrintError(f"{self.target}: cannot write {final}: {error}") from error
        return Delivery(printer_job=str(final), printed=True)

    def is_printed(self, printer_job: str) -> bool | None:
        return Path(printer_job).is_file()
