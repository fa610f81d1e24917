"""The queue ticket: a big number the citizen can read across the room."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.units import mm

from printing.documents.roll import RollLayout
from printing.texts import format_datetime, normalise_language, text

FOLLOW_QR_SIZE = 28 * mm


@dataclass(frozen=True)
class TicketData:
    number: str
    """As called on the display, e.g. "A042"."""
    category: str
    position: int
    """People ahead in this queue when the ticket was taken."""
    estimated_wait_minutes: int | None
    issued_at: datetime
    location: str
    language: str
    follow_url: str | None = None
    """Mobile ticket: a page that shows the queue live."""


def render_ticket(data: TicketData) -> bytes:
    """PDF bytes, 80 mm wide."""
    language = normalise_language(data.language)
    layout = RollLayout()
    layout.text(data.location, size=8, align="center", max_lines=2, min_size=6)
    layout.text(text("ticket.title", language), size=11, bold=True, align="center")
    layout.space(4)
    layout.text(data.number, size=54, bold=True, align="center", max_lines=1, min_size=20)
    layout.space(6)
    layout.text(data.category, size=12, bold=True, align="center", max_lines=2, min_size=8)
    layout.rule()
    layout.label_value(text("ticket.ahead", language), str(max(0, data.position)))
    # Nobody ahead is an estimate of 0 minutes: "about 0 min" would say nothing to the person holding it.
    if data.estimated_wait_minutes is None:
        wait = text("ticket.wait_unknown", language)
    elif data.estimated_wait_minutes == 0:
        wait = text("ticket.wait_next", language)
    else:
        wait = text("ticket.wait_minutes", language).format(minutes=data.estimated_wait_minutes)
    layout.label_value(text("ticket.wait", language), wait)
    layout.text(format_datetime(data.issued_at), size=8)
    if data.follow_url:
        layout.rule()
        layout.text(text("ticket.follow", language), size=8, bold=True, align="center")
        layout.qr(data.follow_url, FOLLOW_QR_SIZE, "M")
    layout.rule()
    layout.text(text("ticket.listen", language), size=8, align="center")
    return layout.render(title=f"{text('ticket.title', language)} {data.number}", subject=data.category)
