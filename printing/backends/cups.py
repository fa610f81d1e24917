"""``cups:QUEUE``: through a CUPS queue with ``lp``, watched over IPP.

Options in the target's query string: ``media=iso_a4_210x297mm``, ``raw=0``
(let CUPS filter and fit the PDF; the default sends it unchanged, because our
PDFs already have the paper's size and CUPS would fit an 80 mm receipt onto
Letter), ``server=/path/cups.sock`` or ``server=host:port`` (else
$CUPS_SERVER, else the local scheduler).

CUPS reports a job "completed" even when the printer aborted it, and learns of
paper-out only while a job runs, so ``status`` also asks the printer behind
the queue (its device-uri) for printer-state-reasons.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from printing.backends.base import Delivery, PrintError
from printing.backends.ipp_printer import job_title, printed_from_job_state, status_from_printer
from printing.ipp import (
    PRINTER_STATUS_ATTRIBUTES,
    PRINTER_STOPPED,
    IppEndpoint,
    IppError,
    endpoint_for_uri,
    job_state,
    printer_attributes,
)
from printing.journal import PrintJob
from printing.status import PrinterState, PrinterStatus, state_from_reasons

LP_TIMEOUT = 20.0
_REQUEST_ID = re.compile(r"request id is (\S+)-(\d+)")
# Reasons CUPS adds about its own bookkeeping; they say nothing about paper.
_CUPS_HOUSEKEEPING = ("none", "cups-waiting-for-job-completed", "cups-insecure-filter-warning")


def default_server() -> str:
    configured = os.environ.get("CUPS_SERVER")
    if configured:
        return configured
    return "/run/cups/cups.sock" if Path("/run/cups/cups.sock").exists() else "localhost:631"


def cups_endpoint(server: str, queue: str) -> IppEndpoint:
    if server.startswith("/"):
        return IppEndpoint(f"http://localhost/printers/{queue}", f"ipp://localhost/printers/{queue}", server)
    host_port = server if ":" in server else f"{server}:631"
    return IppEndpoint(f"http://{host_port}/printers/{queue}", f"ipp://{host_port}/printers/{queue}")


class CupsBackend:
    def __init__(self, target: str, queue: str, *, server: str, media: str | None, raw: bool) -> None:
        self.target = target
        self.queue = queue
        self.server = server
        self.media = media
        self.raw = raw
        self.endpoint = cups_endpoint(server, queue)

    def _env(self) -> dict[str, str]:
        return {**os.environ, "CUPS_SERVER": self.server, "LANG": "C", "LC_ALL": "C"}

    def send(self, job: PrintJob, pdf: bytes) -> Delivery:
        command = ["lp", "-d", self.queue, "-t", job_title(job)]
        if self.raw:
            command += ["-o", "raw"]
        if self.media:
            command += ["-o", f"media={self.media}"]
        try:
            result = subprocess.run(
                command, input=pdf, capture_output=True, env=self._env(), timeout=LP_TIMEOUT
            )
        except FileNotFoundError as error:
            raise PrintError("the `lp` command is missing (Debian package cups-client)") from error
        except subprocess.TimeoutExpired as error:
            raise PrintError(f"lp to {self.queue} timed out") from error
        output = result.stdout.decode("utf-8", "replace")
        found = _REQUEST_ID.search(output)
        if result.returncode != 0 or found is None:
            detail = result.stderr.decode("utf-8", "replace").strip() or output.strip()
            raise PrintError(f"lp to {self.queue} failed: {detail}")
        return Delivery(printer_job=f"{found.group(1)}-{found.group(2)}", printed=False)

    def status(self, target_name: str) -> PrinterStatus:
        try:
            queue = printer_attributes(self.endpoint, PRINTER_STATUS_ATTRIBUTES)
        except IppError as error:
            return PrinterStatus(target_name, PrinterState.OFFLINE, detail=f"CUPS not answering: {error}")
        reasons = tuple(
            reason for reason in queue.strings("printer-state-reasons") if reason not in _CUPS_HOUSEKEEPING
        )
        stopped = queue.first("printer-state") == PRINTER_STOPPED
        state = state_from_reasons(reasons, stopped=stopped)
        if queue.first("printer-is-accepting-jobs") is False:
            state = PrinterState.OFFLINE
        if state is not PrinterState.READY:
            return PrinterStatus(target_name, state, reasons, "CUPS queue")
        device = str(queue.first("device-uri", ""))
        try:
            device_endpoint = endpoint_for_uri(device)
        except ValueError:
            return PrinterStatus(target_name, state, reasons)  # usb://, socket://: CUPS only
        return status_from_printer(target_name, device_endpoint)

    def is_printed(self, printer_job: str) -> bool | None:
        queue, _, number = printer_job.rpartition("-")
        if queue != self.queue or not number.isdigit():
            return False
        try:
            return printed_from_job_state(job_state(self.endpoint, int(number)))
        except IppError:
            return None
