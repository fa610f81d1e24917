"""The printer test page of `kiosk print test`: what the printer said about itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from reportlab.lib.units import mm

from printing.documents.roll import RollLayout
from printing.texts import format_datetime, normalise_language, text

if TYPE_CHECKING:
    from printing.journal import PrintJob
    from printing.service import PrintService


@dataclass(frozen=True)
class TestPageData:
    __test__ = False  # not a pytest test class, whatever its name says

    printer_name: str
    target: str
    status_message: str
    reasons: tuple[str, ...]
    printed_at: datetime
    language: str


def render_test_page(data: TestPageData) -> bytes:
    language = normalise_language(data.language)
    layout = RollLayout()
    layout.text(text("test.title", language), size=12, bold=True, align="center")
    layout.rule()
    layout.label_value(text("test.printer", language), data.printer_name)
    layout.label_value(text("test.target", language), data.target)
    layout.label_value(text("test.status", language), data.status_message)
    if data.reasons:
        layout.text(", ".join(data.reasons), size=7)
    layout.label_value(text("test.time", language), format_datetime(data.printed_at))
    layout.rule()
    layout.text("ÁÉÍÓÚ ãõç ÀÈ ß Łł Ğğ Ωω Жж € «»", size=9, align="center")
    layout.qr(f"kiosk-test:{data.printer_name}:{data.printed_at.isoformat()}", 30 * mm, "Q")
    layout.text(text("test.scan", language), size=8, align="center")
    return layout.render(title=text("test.title", language), subject=data.printer_name)


def print_test_page(service: PrintService, name: str, language: str, printed_at: datetime) -> PrintJob:
    """A test page on printer ``name`` saying what it reports about itself now; the job as the journal keeps it.
    Used by `kiosk print test` and the kiosk's admin screen."""
    status = service.status(name)
    page = render_test_page(
        TestPageData(
            printer_name=name,
            target=service.target(name),
            status_message=text(status.message_id, language),
            reasons=status.reasons,
            printed_at=printed_at,
            language=language,
        )
    )
    return service.submit(name, f"TEST-{name}-{printed_at:%Y%m%d-%H%M%S}", "test-page", page)
