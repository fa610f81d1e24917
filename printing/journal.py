"""The durable print journal (SQLite): every job is written here before a printer sees it.

A job keeps its PDF until it is confirmed on paper, so a crash, a restart, a
printer that vanishes or runs out of paper never loses a document; clerks
reprint from here by reference. Delivery is at-least-once: a job whose send was
cut by a crash is sent again, and the spool backends make that resend
overwrite the same file.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS print_jobs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    reference   TEXT NOT NULL,
    kind        TEXT NOT NULL,
    document    TEXT NOT NULL,
    target      TEXT NOT NULL,
    copy        INTEGER NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'printed', 'failed')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    printer_job TEXT,
    last_error  TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    pdf         BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS print_jobs_by_reference ON print_jobs (reference);
CREATE INDEX IF NOT EXISTS print_jobs_by_state ON print_jobs (state);
"""
_SELECT_JOBS = (
    "SELECT id, reference, kind, document, target, copy, state, attempts, printer_job, "
    "last_error, created_at, updated_at FROM print_jobs"
)
_BY_ID = _SELECT_JOBS + " WHERE id = ?"
_ALL = _SELECT_JOBS + " ORDER BY id"
_BY_REFERENCE = _SELECT_JOBS + " WHERE reference = ? ORDER BY id"
_BY_STATE = _SELECT_JOBS + " WHERE state = ? ORDER BY id"


class JobState(StrEnum):
    QUEUED = "queued"
    """In the journal, not (successfully) handed to a printer yet; will be retried."""
    SENT = "sent"
    """Accepted by the printer or its queue; not yet confirmed on paper."""
    PRINTED = "printed"
    FAILED = "failed"
    """Given up after the allowed attempts; kept for a reprint."""


@dataclass(frozen=True)
class PrintJob:
    id: int
    reference: str
    kind: str
    """The configured printer it goes to: "receipt" or "documents"."""
    document: str
    """What it is: "receipt", "certificate", "ticket", "day-report"..."""
    target: str
    copy: int
    """1 for the original, 2 and up for reprints."""
    state: JobState
    attempts: int
    printer_job: str | None
    last_error: str | None
    created_at: datetime
    updated_at: datetime


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _job(row: tuple[object, ...]) -> PrintJob:
    (job_id, reference, kind, document, target, copy, state, attempts, printer_job,
     last_error, created_at, updated_at) = row  # fmt: skip
    return PrintJob(
        id=int(str(job_id)),
        reference=str(reference),
        kind=str(kind),
        document=str(document),
        target=str(target),
        copy=int(str(copy)),
        state=JobState(str(state)),
        attempts=int(str(attempts)),
        printer_job=None if printer_job is None else str(printer_job),
        last_error=None if last_error is None else str(last_error),
        created_at=datetime.fromisoformat(str(created_at)),
        updated_at=datetime.fromisoformat(str(updated_at)),
    )


class JobNotFound(LookupError):
    pass


class PrintJournal:
    """Thread-safe: the kiosk sends from a worker thread while the UI reads."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
        # WAL + synchronous=FULL: a committed job survives kill -9 and power loss.
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)
        self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def add(
        self,
        *,
        reference: str,
        kind: str,
        document: str,
        target: str,
        pdf: bytes,
        attempting: bool = False,
    ) -> PrintJob:
        """Write a new queued job; ``attempting`` counts its first send attempt in the same commit.

        The copy number (1, then 2 and up for reprints of the same reference and
        document) is taken inside the same transaction, so two clerks reprinting
        at once get distinct copies.
        """
        now = _now()
        with self._transaction() as db:
            (copy,) = db.execute(
                "SELECT COALESCE(MAX(copy), 0) + 1 FROM print_jobs WHERE reference = ? AND document = ?",
                (reference, document),
            ).fetchone()
            cursor = db.execute(
                "INSERT INTO print_jobs (reference, kind, document, target, copy, state, "
                "attempts, created_at, updated_at, pdf) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (reference, kind, document, target, copy, JobState.QUEUED.value,
                 int(attempting), now, now, pdf),
            )  # fmt: skip
            job_id = cursor.lastrowid
        assert job_id is not None
        return self.get(job_id)

    def purge(self, before: datetime) -> int:
        """Delete printed and failed jobs last touched before ``before``; returns how many.

        The PDFs hold personal data: they stay only as long as a reprint is
        plausible. Queued and sent jobs are never purged.
        """
        with self._transaction() as db:
            cursor = db.execute(
                "DELETE FROM print_jobs WHERE state IN (?, ?) AND updated_at < ?",
                (JobState.PRINTED.value, JobState.FAILED.value,
                 before.astimezone(UTC).isoformat(timespec="milliseconds")),
            )  # fmt: skip
        return cursor.rowcount

    def get(self, job_id: int) -> PrintJob:
        with self._lock:
            row = self._db.execute(_BY_ID, (job_id,)).fetchone()
        if row is None:
            raise JobNotFound(f"no print job {job_id}")
        return _job(row)

    def pdf(self, job_id: int) -> bytes:
        with self._lock:
            row = self._db.execute("SELECT pdf FROM print_jobs WHERE id = ?", (job_id,)).fetchone()
        if row is None:
            raise JobNotFound(f"no print job {job_id}")
        return bytes(row[0])

    def _select(self, query: str, params: tuple[object, ...] = ()) -> list[PrintJob]:
        with self._lock:
            rows = self._db.execute(query, params).fetchall()
        return [_job(row) for row in rows]

    def jobs(self) -> list[PrintJob]:
        return self._select(_ALL)

    def by_reference(self, reference: str) -> list[PrintJob]:
        return self._select(_BY_REFERENCE, (reference,))

    def in_state(self, state: JobState) -> list[PrintJob]:
        return self._select(_BY_STATE, (state.value,))

    def begin_attempt(self, job_id: int) -> PrintJob:
        """Count the attempt before sending, so a crash mid-send still counts."""
        with self._transaction() as db:
            db.execute(
                "UPDATE print_jobs SET attempts = attempts + 1, updated_at = ? WHERE id = ?",
                (_now(), job_id),
            )
        return self.get(job_id)

    def set_state(
        self,
        job_id: int,
        state: JobState,
        *,
        printer_job: str | None = None,
        error: str | None = None,
    ) -> PrintJob:
        with self._transaction() as db:
            db.execute(
                "UPDATE print_jobs SET state = ?, printer_job = COALESCE(?, printer_job), "
                "last_error = ?, updated_at = ? WHERE id = ?",
                (state.value, printer_job, error, _now(), job_id),
            )
        return self.get(job_id)
