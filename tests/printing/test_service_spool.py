"""PrintService over the spool and pdf folder backends, with a real SQLite journal on disk."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from printing.backends import TargetError
from printing.backends.folder import STATE_FILE
from printing.journal import JobState
from printing.service import PrintService, UnknownPrinter
from printing.status import PrinterState
from tests.printing.pdftools import pdf_text


@pytest.fixture
def spool(tmp_path: Path) -> Path:
    folder = tmp_path / "spool"
    folder.mkdir()
    return folder


@pytest.fixture
def service(tmp_path: Path, spool: Path) -> Iterator[PrintService]:
    service = PrintService(tmp_path / "journal.sqlite", {"receipt": f"spool:{spool}"})
    yield service
    service.close()


def test_submit_writes_the_reference_named_file(
    service: PrintService, spool: Path, pdf: bytes, tmp_path: Path
) -> None:
    job = service.submit("receipt", "PT-2026-000123", "receipt", pdf)
    printed = spool / "PT-2026-000123-receipt.pdf"
    assert printed.read_bytes() == pdf
    assert "Certidão de registo criminal" in pdf_text(printed.read_bytes(), tmp_path)
    assert job.state is JobState.PRINTED
    assert job.attempts == 1
    assert job.printer_job == str(printed)
    assert [j.id for j in service.jobs()] == [job.id]
    assert not list(spool.glob(".partial-*"))


def test_journal_keeps_jobs_across_a_restart(tmp_path: Path, spool: Path, pdf: bytes) -> None:
    first = PrintService(tmp_path / "journal.sqlite", {"receipt": f"spool:{spool}"})
    job = first.submit("receipt", "A-1", "receipt", pdf)
    first.close()
    second = PrintService(tmp_path / "journal.sqlite", {"receipt": f"spool:{spool}"})
    try:
        (again,) = second.jobs()
        assert again == job
        assert second.pdf(job.id) == pdf
    finally:
        second.close()


def test_paper_out_keeps_the_job_queued_until_refilled(service: PrintService, spool: Path, pdf: bytes) -> None:
    (spool / STATE_FILE).write_text("media-empty-report\n")
    status = service.status("receipt")
    assert status.state is PrinterState.NO_PAPER
    assert not status.can_print
    assert status.message_id == "printer.no_paper"

    job = service.submit("receipt", "A-2", "receipt", pdf)
    assert job.state is JobState.QUEUED
    assert job.last_error == "printer.no_paper"
    assert not (spool / "A-2-receipt.pdf").exists()

    (spool / STATE_FILE).write_text("none")
    assert service.status("receipt").can_print
    (retried,) = service.retry_pending()
    assert retried.id == job.id
    assert retried.state is JobState.PRINTED
    assert retried.attempts == 2
    assert (spool / "A-2-receipt.pdf").read_bytes() == pdf


def test_warnings_do_not_stop_printing(service: PrintService, spool: Path) -> None:
    (spool / STATE_FILE).write_text("toner-low-report,marker-waste-full-report")
    assert service.status("receipt").state is PrinterState.READY


def test_jam_is_named(service: PrintService, spool: Path) -> None:
    (spool / STATE_FILE).write_text("media-jam-error")
    assert service.status("receipt").state is PrinterState.JAM


def test_gives_up_after_max_attempts(tmp_path: Path, spool: Path, pdf: bytes) -> None:
    service = PrintService(tmp_path / "journal.sqlite", {"receipt": f"spool:{spool}"}, max_attempts=2)
    try:
        (spool / STATE_FILE).write_text("media-empty")
        job = service.submit("receipt", "A-3", "receipt", pdf)
        assert job.state is JobState.QUEUED
        (job,) = service.retry_pending()
        assert job.state is JobState.FAILED
        assert service.retry_pending() == []
    finally:
        service.close()


def test_missing_spool_folder_is_offline_and_job_kept(tmp_path: Path, pdf: bytes) -> None:
    missing = tmp_path / "gone"
    service = PrintService(tmp_path / "journal.sqlite", {"receipt": f"spool:{missing}"})
    try:
        assert service.status("receipt").state is PrinterState.OFFLINE
        job = service.submit("receipt", "A-4", "receipt", pdf)
        assert job.state is JobState.QUEUED
        assert job.last_error == "printer.offline"
        missing.mkdir()
        (job,) = service.retry_pending()
        assert job.state is JobState.PRINTED
    finally:
        service.close()


def test_reprint_makes_a_numbered_copy(service: PrintService, spool: Path, pdf: bytes) -> None:
    service.submit("receipt", "A-5", "receipt", pdf)
    (copy,) = service.reprint("A-5")
    assert copy.copy == 2
    assert copy.state is JobState.PRINTED
    assert (spool / "A-5-receipt-copy2.pdf").read_bytes() == pdf
    assert service.reprint("NO-SUCH-REFERENCE") == []


def test_reference_cannot_escape_the_spool_folder(
    service: PrintService, spool: Path, pdf: bytes, tmp_path: Path
) -> None:
    job = service.submit("receipt", "../../etc/passwd", "receipt", pdf)
    assert job.printer_job is not None
    written = Path(job.printer_job)
    assert written.parent == spool
    assert written.read_bytes() == pdf


def test_bad_input_is_refused_before_journaling(service: PrintService, pdf: bytes) -> None:
    with pytest.raises(UnknownPrinter):
        service.submit("documents", "A-6", "certificate", pdf)
    with pytest.raises(ValueError, match="PDF"):
        service.submit("receipt", "A-6", "receipt", b"not a pdf")
    with pytest.raises(ValueError, match="reference"):
        service.submit("receipt", "  ", "receipt", pdf)
    assert service.jobs() == []


def test_unknown_printer_status_is_offline(service: PrintService) -> None:
    assert service.status("documents").state is PrinterState.OFFLINE


@pytest.mark.parametrize("target", ["spool", "spool:", "lpr:queue", "/tmp/x"])
def test_bad_target_names_the_accepted_forms(tmp_path: Path, target: str) -> None:
    with pytest.raises(TargetError, match="spool:DIR"):
        PrintService(tmp_path / "journal.sqlite", {"receipt": target})


def test_pdf_target_writes_files_and_ignores_simulation(tmp_path: Path, pdf: bytes) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / STATE_FILE).write_text("media-empty")
    service = PrintService(tmp_path / "journal.sqlite", {"documents": f"pdf:{out}"})
    try:
        job = service.submit("documents", "C-1", "certificate", pdf)
        assert job.state is JobState.PRINTED
        assert (out / "C-1-certificate.pdf").read_bytes() == pdf
    finally:
        service.close()


def test_a_file_where_the_spool_folder_should_be_is_offline(tmp_path: Path, pdf: bytes) -> None:
    not_a_folder = tmp_path / "spool-file"
    not_a_folder.write_text("")
    service = PrintService(tmp_path / "journal.sqlite", {"receipt": f"spool:{not_a_folder}"})
    try:
        assert service.status("receipt").state is PrinterState.OFFLINE
        assert service.submit("receipt", "A-7", "receipt", pdf).state is JobState.QUEUED
    finally:
        service.close()


def test_purge_forgets_old_printed_jobs_but_never_queued_ones(
    service: PrintService, spool: Path, pdf: bytes
) -> None:
    printed = service.submit("receipt", "P-1", "receipt", pdf)
    (spool / STATE_FILE).write_text("media-empty")
    queued = service.submit("receipt", "P-2", "receipt", pdf)
    assert service.purge(keep=timedelta(days=1)) == 0  # nothing old enough yet
    assert service.purge(keep=timedelta(seconds=-1)) == 1
    assert [job.id for job in service.jobs()] == [queued.id]
    assert service.reprint(printed.reference) == []


def test_statuses_and_poll(tmp_path: Path, spool: Path, pdf: bytes) -> None:
    documents = tmp_path / "docs"
    service = PrintService(
        tmp_path / "j.sqlite", {"receipt": f"spool:{spool}", "documents": f"spool:{documents}"}
    )
    try:
        states = {name: status.state for name, status in service.statuses().items()}
        assert states == {"receipt": PrinterState.READY, "documents": PrinterState.OFFLINE}
        job = service.submit("documents", "S-1", "certificate", pdf)
        assert job.state is JobState.QUEUED
        documents.mkdir()
        (polled,) = service.poll()
        assert polled.state is JobState.PRINTED
        assert service.target("documents") == f"spool:{documents}"
    finally:
        service.close()


def test_concurrent_prints_of_one_reference_get_distinct_copies(
    service: PrintService, spool: Path, pdf: bytes
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(8) as pool:
        jobs = list(pool.map(lambda _: service.submit("receipt", "T-1", "receipt", pdf), range(8)))
    assert sorted(job.copy for job in jobs) == list(range(1, 9))
    assert len(list(spool.glob("T-1-receipt*.pdf"))) == 8
