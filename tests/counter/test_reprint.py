"""Reprint from the print journal (headless): grouped by reference, newest first, narrowed by what is typed,
and a new copy of every document of a reference reaches the printer (a spool folder here)."""

from __future__ import annotations

from pathlib import Path

from kiosk.config import Settings
from kiosk.core import KioskCore
from kiosk.counter.reprint import journal_entries, reprint


def test_the_journal_by_reference_and_a_reprint(demo_settings: Settings, spool_dir: Path) -> None:
    core = KioskCore(demo_settings)
    printer = core.printer
    pdf = b"%PDF-1.4\n% a page\n"
    printer.submit("receipt", "2026-AAAA-0001", "receipt", pdf)
    printer.submit("documents", "2026-AAAA-0001", "residence-certificate", pdf)
    printer.submit("receipt", "2026-BBBB-0002", "receipt", pdf)

    entries = journal_entries(printer)
    assert [entry.reference for entry in entries] == ["2026-BBBB-0002", "2026-AAAA-0001"]
    first = entries[1]
    assert first.documents == ("receipt", "residence-certificate")
    assert first.copies == 2

    assert [entry.reference for entry in journal_entries(printer, " aaaa ")] == ["2026-AAAA-0001"]
    assert journal_entries(printer, "no-such") == []

    files_before = len(list(spool_dir.iterdir()))
    assert reprint(printer, "2026-AAAA-0001") == 2
    assert len(list(spool_dir.iterdir())) == files_before + 2  # two new copies on "paper"
    again = journal_entries(printer, "AAAA")[0]
    assert again.copies == 4

    assert reprint(printer, "2026-ZZZZ-9999") == 0
