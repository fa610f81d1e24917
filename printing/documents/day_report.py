"""The counter's day report: every service done at the desk, totals for the cash drawer."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from kiosk.money import format_money
from printing.fonts import FontSet, fonts
from printing.layout import wrap_text
from printing.pdf import new_canvas
from printing.texts import format_datetime, normalise_language, text

PaymentMethod = Literal["cash", "reference", "card", "none"]
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 15 * mm
SIZE = 8.5
LEADING = SIZE * 1.3
# Column widths in mm: time, ticket, service, reference, amount, payment.
_COLUMNS_MM = (14, 16, 68, 36, 22, 24)


@dataclass(frozen=True)
class DayReportEntry:
    at: datetime
    ticket: str | None
    service_name: str
    reference: str
    amount: Decimal
    payment_method: PaymentMethod


@dataclass(frozen=True)
class DayReportData:
    office: str
    desk: str
    clerk: str
    day: date
    generated_at: datetime
    language: str
    entries: tuple[DayReportEntry, ...] = field(default=())


def _cells(entry: DayReportEntry, language: str) -> list[str]:
    return [
        entry.at.strftime("%H:%M"),
        entry.ticket or "—",
        entry.service_name,
        entry.reference,
        format_money(entry.amount, language) if entry.amount else "—",
        text(f"payment.{entry.payment_method}", language),
    ]


def _wrap_row(cells: list[str], font_set: FontSet) -> list[list[str]]:
    wrapped = []
    for cell, width_mm in zip(cells, _COLUMNS_MM, strict=True):
        lines = wrap_text(cell, font_set.regular, SIZE, width_mm * mm - 2 * mm)
        wrapped.append(lines or [""])
    return wrapped


def render_day_report(data: DayReportData) -> bytes:
    """PDF bytes: A4, the table repeated with its header on each page, totals at the end."""
    language = normalise_language(data.language)
    font_set = fonts()
    rows = [_wrap_row(_cells(entry, language), font_set) for entry in data.entries]

    summary: list[tuple[str, str]] = []
    totals = Counter[str]()
    money = {"cash": Decimal(0), "reference": Decimal(0), "card": Decimal(0), "none": Decimal(0)}
    for entry in data.entries:
        totals[entry.service_name] += 1
        money[entry.payment_method] += entry.amount
    summary.append((text("report.served", language), str(len(data.entries))))
    summary.append((text("report.total_cash", language), format_money(money["cash"], language)))
    summary.append((text("report.total_reference", language), format_money(money["reference"], language)))
    summary.append((text("report.total", language), format_money(sum(money.values(), Decimal(0)), language)))
    by_service = [(name, str(count)) for name, count in sorted(totals.items())]

    header_height = 40 * mm
    footer_height = 10 * mm
    usable = PAGE_HEIGHT - 2 * MARGIN - header_height - footer_height
    pages: list[list[list[list[str]]]] = [[]]
    used = 0.0
    for row in rows:
        height = max(len(lines) for lines in row) * LEADING + 2
        if used + height > usable and pages[-1]:
            pages.append([])
            used = 0.0
        pages[-1].append(row)
        used += height
    summary_lines = 3 + len(summary) + 1 + len(by_service)
    if used + summary_lines * LEADING * 1.2 > usable:
        pages.append([])
    page_count = len(pages)

    buffer = io.BytesIO()
    canvas = new_canvas(
        buffer,
        A4,
        title=f"{text('report.title', language)} {data.day.isoformat()}",
        subject=f"{data.office} {data.desk}",
    )

    def page_header(page: int) -> float:
        y: float = PAGE_HEIGHT - MARGIN - 14
        _bold(canvas, font_set, 14, MARGIN, y, text("report.title", language))
        canvas.setFont(font_set.regular, 9)
        facts = [
            (text("report.office", language), data.office),
            (text("report.desk", language), data.desk),
            (text("report.clerk", language), data.clerk),
            (text("report.day", language), data.day.isoformat()),
            (text("report.generated", language), format_datetime(data.generated_at)),
        ]
        for label, value in facts:
            y -= 11
            line = wrap_text(f"{label}: {value}", font_set.regular, 9, PAGE_WIDTH - 2 * MARGIN)
            canvas.drawString(MARGIN, y, line[0] if line else "")
        y = PAGE_HEIGHT - MARGIN - header_height + 4
        x = MARGIN
        titles = ("time", "ticket", "service", "reference", "amount", "payment")
        for key, width_mm in zip(titles, _COLUMNS_MM, strict=True):
            _bold(canvas, font_set, SIZE, x, y, text(f"report.{key}", language))
            x += width_mm * mm
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, y - 3, PAGE_WIDTH - MARGIN, y - 3)
        canvas.setFont(font_set.regular, 8)
        canvas.drawRightString(
            PAGE_WIDTH - MARGIN,
            MARGIN,
            text("certificate.page", language).format(page=page, pages=page_count),
        )
        return y - 4

    for number, page_rows in enumerate(pages, start=1):
        y = page_header(number)
        for row in page_rows:
            _draw_row(canvas, font_set, row, y)
            y -= max(len(lines) for lines in row) * LEADING + 2
        if number == page_count:
            _draw_summary(canvas, font_set, y, data, summary, by_service, language)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _bold(canvas: Canvas, font_set: FontSet, size: float, x: float, y: float, value: str) -> None:
    """Regular glyphs filled and stroked: bold enough for an internal report, and one
    embedded font less (a font subset costs about 3 ms per PDF)."""
    canvas.setFont(font_set.regular, size)
    canvas.setLineWidth(size / 30)
    canvas.drawString(x, y, value, mode=2)


def _draw_row(canvas: Canvas, font_set: FontSet, row: list[list[str]], top: float) -> None:
    canvas.setFont(font_set.regular, SIZE)
    x = MARGIN
    for lines, width_mm in zip(row, _COLUMNS_MM, strict=True):
        y = top
        for line in lines:
            y -= LEADING
            canvas.drawString(x, y, line)
        x += width_mm * mm


def _draw_summary(
    canvas: Canvas,
    font_set: FontSet,
    top: float,
    data: DayReportData,
    summary: list[tuple[str, str]],
    by_service: list[tuple[str, str]],
    language: str,
) -> None:
    y = top - LEADING
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, y + LEADING / 2, PAGE_WIDTH - MARGIN, y + LEADING / 2)
    if not data.entries:
        y -= LEADING
        canvas.setFont(font_set.regular, SIZE)
        canvas.drawString(MARGIN, y, text("report.none", language))
    y -= LEADING * 1.2
    _bold(canvas, font_set, 10, MARGIN, y, text("report.summary", language))
    value_x = MARGIN + 70 * mm
    for label, value in summary:
        y -= LEADING * 1.2
        canvas.setFont(font_set.regular, SIZE)
        canvas.drawString(MARGIN, y, label)
        _bold(canvas, font_set, SIZE, value_x, y, value)
    if by_service:
        y -= LEADING * 1.4
        _bold(canvas, font_set, SIZE, MARGIN, y, text("report.by_service", language))
        canvas.setFont(font_set.regular, SIZE)
        for name, count in by_service:
            y -= LEADING
            label = name
            while stringWidth(label, font_set.regular, SIZE) > 65 * mm and len(label) > 1:
                label = label[:-2] + "…"
            canvas.drawString(MARGIN, y, label)
            canvas.drawString(value_x, y, count)
