"""The journal across a kill -9 of the kiosk process (a real process, a real SIGKILL)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from printing.backends.folder import STATE_FILE
from printing.journal import JobState
from printing.service import PrintService

ROOT = Path(__file__).resolve().parents[2]

# The "kiosk": submits receipts forever, telling the test each job id it got back.
KIOSK = """
import sys
from pathlib import Path
from printing.service import PrintService
journal, spool, pdf_path = sys.argv[1:4]
service = PrintService(Path(journal), {"receipt": "spool:" + spool})
pdf = Path(pdf_path).read_bytes()
n = 0
while True:
    n += 1
    job = service.submit("receipt", f"R-{n}", "receipt", pdf)
    print(job.id, job.state.value, flush=True)
"""


def start_kiosk(tmp_path: Path, spool: Path, pdf: bytes) -> subprocess.Popen[str]:
    (tmp_path / "doc.pdf").write_bytes(pdf)
    return subprocess.Popen(
        [sys.executable, "-c", KIOSK, str(tmp_path / "journal.sqlite"), str(spool),
         str(tmp_path / "doc.pdf")],
        cwd=ROOT, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip


def read_acknowledged(kiosk: subprocess.Popen[str], at_least: int) -> list[int]:
    assert kiosk.stdout is not None
    acknowledged = []
    deadline = time.monotonic() + 30
    while len(acknowledged) < at_least:
        assert time.monotonic() < deadline, "the kiosk process did not submit"
        line = kiosk.stdout.readline()
        assert line, "the kiosk process died"
        acknowledged.append(int(line.split()[0]))
    return acknowledged


def test_jobs_survive_kill_9_while_the_printer_has_no_paper(tmp_path: Path, pdf: bytes) -> None:
    spool = tmp_path / "spool"
    spool.mkdir()
    (spool / STATE_FILE).write_text("media-empty-report")
    kiosk = start_kiosk(tmp_path, spool, pdf)
    try:
        acknowledged = read_acknowledged(kiosk, at_least=20)
    finally:
        kiosk.send_signal(signal.SIGKILL)
        kiosk.wait(10)
    assert kiosk.returncode == -signal.SIGKILL

    with sqlite3.connect(tmp_path / "journal.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)

    (spool / STATE_FILE).unlink()  # paper refilled
    service = PrintService(tmp_path / "journal.sqlite", {"receipt": f"spool:{spool}"})
    try:
        jobs = {job.id: job for job in service.jobs()}
        assert set(acknowledged) <= set(jobs)
        assert all(job.state is JobState.QUEUED for job in jobs.values())
        assert all(service.pdf(job_id) == pdf for job_id in acknowledged)
        retried = service.retry_pending()
        assert {job.id for job in retried} == set(jobs)
        assert all(job.state is JobState.PRINTED for job in retried)
        for job in jobs.values():
            assert (spool / f"{job.reference}-receipt.pdf").read_bytes() == pdf
    finally:
        service.close()


def test_kill_9_mid_printing_loses_nothing_acknowledged(tmp_path: Path, pdf: bytes) -> None:
    spool = tmp_path / "spool"
    spool.mkdir()
    kiosk = start_kiosk(tmp_path, spool, pdf)
    try:
        acknowledged = read_acknowledged(kiosk, at_least=30)
    finally:
        kiosk.send_signal(signal.SIGKILL)
        kiosk.wait(10)

    service = PrintService(tmp_path / "journal.sqlite", {"receipt": f"spool:{spool}"})
    try:
        service.retry_pending()  # a job cut mid-send is sent again (at-least-once)
        jobs = {job.id: job for job in service.jobs()}
        assert set(acknowledged) <= set(jobs)
        assert all(job.state is JobState.PRINTED for job in jobs.values())
        # No half-written PDF is ever visible under a final name.
        for path in spool.glob("*.pdf"):
            assert path.read_bytes() == pdf
    finally:
        service.close()
