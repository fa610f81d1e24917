"""Real print path: PrintService -> lp -> private cupsd -> ippeveprinter, and direct IPP.

The hermetic stack (tests/printing/print_stack.py) follows docs/platform.md.
Paper-out is the printer's own state, set through its /media web form.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from printing.journal import JobState, PrintJob
from printing.service import PrintService
from printing.status import PrinterState
from tests.printing.print_stack import PrintStack

pytestmark = pytest.mark.cups


@pytest.fixture
def service(tmp_path: Path, print_stack: PrintStack) -> Iterator[PrintService]:
    targets = {
        "documents": f"cups:{print_stack.queue}?server={print_stack.cups_socket}",
        "direct": print_stack.printer_uri,
    }
    service = PrintService(tmp_path / "journal.sqlite", targets)
    try:
        yield service
    finally:
        service.close()
        print_stack.set_paper(250)


def until(
    service: PrintService, job: PrintJob, done: Callable[[PrintJob], bool], timeout: float = 20
) -> PrintJob:
    deadline = time.monotonic() + timeout
    while True:
        service.refresh()
        current = service.job(job.id)
        if done(current):
            return current
        assert time.monotonic() < deadline, f"job stuck in {current.state}"
        time.sleep(0.2)


def printed(job: PrintJob) -> bool:
    return job.state is JobState.PRINTED


def test_cups_job_reaches_the_printer_unchanged(
    service: PrintService, print_stack: PrintStack, pdf: bytes
) -> None:
    assert service.status("documents").state is PrinterState.READY
    job = service.submit("documents", "PT-1", "receipt", pdf)
    assert job.state is JobState.SENT
    assert job.printer_job is not None
    assert job.printer_job.startswith(f"{print_stack.queue}-")
    until(service, job, printed)
    # raw: the 80 mm PDF is not refitted onto Letter by cups-filters.
    assert any(path.read_bytes() == pdf for path in print_stack.spooled())


def test_paper_out_holds_the_job_until_refilled(
    service: PrintService, print_stack: PrintStack, pdf: bytes
) -> None:
    print_stack.set_paper(0)
    status = service.status("documents")
    assert status.state is PrinterState.NO_PAPER
    assert not status.can_print
    assert any(reason.startswith("media-empty") for reason in status.reasons)

    job = service.submit("documents", "PT-2", "certificate", pdf)
    assert job.state is JobState.SENT  # CUPS holds it; the journal keeps it
    time.sleep(2.5)  # longer than a job takes with paper
    service.refresh()
    assert service.job(job.id).state is JobState.SENT
    assert service.status("documents").state is PrinterState.NO_PAPER

    print_stack.set_paper(250)
    assert until(service, job, printed).state is JobState.PRINTED
    assert service.status("documents").state is PrinterState.READY


def test_direct_ipp_prints_and_sees_paper_out(
    service: PrintService, print_stack: PrintStack, pdf: bytes
) -> None:
    job = service.submit("direct", "PT-3", "receipt", pdf)
    assert job.state is JobState.SENT
    until(service, job, printed)
    print_stack.set_paper(0)
    assert service.status("direct").state is PrinterState.NO_PAPER
    print_stack.set_paper(250)
    assert service.status("direct").state is PrinterState.READY


def test_printer_that_vanishes_keeps_the_job_and_prints_on_return(
    service: PrintService, print_stack: PrintStack, pdf: bytes
) -> None:
    print_stack.stop_printer()
    try:
        assert service.status("direct").state is PrinterState.OFFLINE
        assert service.status("documents").state is PrinterState.OFFLINE
        job = service.submit("direct", "PT-4", "receipt", pdf)
        assert job.state is JobState.QUEUED
        assert job.last_error == "printer.offline"
    finally:
        print_stack.start_printer()
    (retried,) = service.retry_pending()
    assert retried.state is JobState.SENT
    until(service, retried, printed)


def test_cups_stopped_keeps_the_job_and_sends_after_restart(
    service: PrintService, print_stack: PrintStack, pdf: bytes
) -> None:
    print_stack.stop_cupsd()
    try:
        status = service.status("documents")
        assert status.state is PrinterState.OFFLINE
        assert status.message_id == "printer.offline"
        job = service.submit("documents", "PT-5", "receipt", pdf)
        assert job.state is JobState.QUEUED
    finally:
        print_stack.start_cupsd()
    (retried,) = service.retry_pending()
    assert retried.id == job.id
    assert retried.state is JobState.SENT
    assert retried.attempts == 2
    until(service, retried, printed)
