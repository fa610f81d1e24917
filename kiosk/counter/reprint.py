"""Reprint from the print journal: what this terminal printed, by reference, newest first, and a new copy.

The journal (printing/journal.py) keeps every job with its PDF until it is on paper, and printed ones for the
retention period, so a clerk can give a citizen another copy of a receipt or certificate printed here. Blocking
(SQLite and the printer): call from a thread worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from printing.service import PrintService

MAX_SHOWN = 200
"""The newest references listed; an older one is found by typing it."""


@dataclass(frozen=True)
class JournalEntry:
    reference: str
    documents: tuple[str, ...]
    """What was printed for it ("receipt", "certificate", "ticket"...), each once."""
    last_state: str
    """The newest job's state: queued, sent, printed or failed."""
    copies: int
    """Jobs printed for this reference so far, reprints included."""
    last_at: datetime
    last_job: int
    """The newest job's id in the journal: orders references printed in the same millisecond."""


def journal_entries(printer: PrintService, typed: str = "") -> list[JournalEntry]:
    """The journal grouped by reference, newest first; ``typed`` keeps the references that contain it."""
    wanted = typed.strip().upper()
    entries: dict[str, JournalEntry] = {}
    for job in printer.jobs():  # oldest first
        if wanted and wanted not in job.reference.upper():
            continue
        previous = entries.get(job.reference)
        documents = previous.documents if previous else ()
        if job.document not in documents:
            documents = (*documents, job.document)
        entries[job.reference] = JournalEntry(
            reference=job.reference,
            documents=documents,
            last_state=str(job.state),
            copies=(previous.copies if previous else 0) + 1,
            last_at=job.created_at,
            last_job=job.id,
        )
    return sorted(entries.values(), key=lambda entry: entry.last_job, reverse=True)[:MAX_SHOWN]


def reprint(printer: PrintService, reference: str) -> int:
    """A new copy of each document printed for ``reference``; how many were handed to a printer."""
    return len(printer.reprint(reference))
