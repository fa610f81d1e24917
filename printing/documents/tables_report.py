"""An A4 report of titled tables (the counter's day statistics): a title, a few facts, then each table with
its heading and column titles, continued on the next page when it does not fit.

The texts come already in the reader's language (the caller translates): this layout knows nothing of what the
tables mean, so any report made of tables can use it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from printing.fonts import FontSet, fonts
from printing.layout import wrap_text
from printing.pdf import new_canvas

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 15 * mm
SIZE = 8.5
LEADING = SIZE * 1.35


@dataclass(frozen=True)
class Table:
    heading: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    empty: str = "—"
    """Written under the column titles when there are no rows."""


@dataclass(frozen=True)
class TablesReport:
    title: str
    facts: tuple[tuple[str, str], ...]
    tables: tuple[Table, ...]
    page_label: str = "{page}/{pages}"


def render_tables_report(report: TablesReport) -> bytes:
    """PDF bytes, the same for the same report (no timestamp of its own: give the time as a fact)."""
    font_set = fonts()
    usable_width = PAGE_WIDTH - 2 * MARGIN
    # Every line to draw, already wrapped: (kind, cells as lists of lines, height).
    lines: list[tuple[str, list[list[str]], float]] = []
    for table in report.tables:
        columns = _widths(len(table.columns), usable_width)
        lines.append(("heading", [[table.heading]], LEADING * 1.6))
        lines.append(_wrapped("columns", list(table.columns), columns, font_set))
        for row in table.rows or ((table.empty,),):
            lines.append(_wrapped("row", list(row), columns if table.rows else [usable_width], font_set))
        lines.append(("gap", [], LEADING * 0.8))

    top = PAGE_HEIGHT - MARGIN - (2 + len(report.facts)) * 12
    pages: list[list[tuple[str, list[list[str]], float]]] = [[]]
    room = top - MARGIN - 14
    for line in lines:
        if line[2] > room and pages[-1]:
            pages.append([])
            room = top - MARGIN - 14
        pages[-1].append(line)
        room -= line[2]

    buffer = io.BytesIO()
    canvas = new_canvas(buffer, A4, title=report.title, subject=report.title)
    for number, page in enumerate(pages, start=1):
        y = _page_header(canvas, font_set, report)
        widths: list[float] = [usable_width]
        for kind, cells, height in page:
            if kind == "heading":
                _bold(canvas, font_set, 10, MARGIN, y - LEADING * 1.3, cells[0][0])
            elif kind in ("columns", "row"):
                if kind == "columns":
                    widths = _widths(len(cells), usable_width)
                x = MARGIN
                for cell, width in zip(
                    cells, widths if len(cells) == len(widths) else [usable_width], strict=False
                ):
                    line_y = y
                    for text_line in cell:
                        line_y -= LEADING
                        if kind == "columns":
                            _bold(canvas, font_set, SIZE, x, line_y, text_line)
                        else:
                            canvas.setFont(font_set.regular, SIZE)
                            canvas.drawString(x, line_y, text_line)
                    x += width
                if kind == "columns":
                    canvas.setLineWidth(0.4)
                    canvas.line(MARGIN, y - height + 1, PAGE_WIDTH - MARGIN, y - height + 1)
            y -= height
        canvas.setFont(font_set.regular, 8)
        canvas.drawRightString(
            PAGE_WIDTH - MARGIN, MARGIN, report.page_label.format(page=number, pages=len(pages))
        )
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _widths(columns: int, usable: float) -> list[float]:
    """The first column (what a row is about) takes a third of the page; the figures share the rest."""
    if columns <= 1:
        return [usable]
    first = usable / 3
    return [first] + [(usable - first) / (columns - 1)] * (columns - 1)


def _wrapped(
    kind: str, cells: list[str], widths: list[float], font_set: FontSet
) -> tuple[str, list[list[str]], float]:
    """A row with every cell wrapped to its column, never cut: the row is as tall as its tallest cell."""
    wrapped = [
        wrap_text(cell, font_set.regular, SIZE, width - 2 * mm) or [""]
        for cell, width in zip(cells, widths, strict=False)
    ]
    return kind, wrapped, max(len(lines) for lines in wrapped) * LEADING + 3


def _page_header(canvas: Canvas, font_set: FontSet, report: TablesReport) -> float:
    y: float = PAGE_HEIGHT - MARGIN - 14
    _bold(canvas, font_set, 14, MARGIN, y, report.title)
    canvas.setFont(font_set.regular, 9)
    for label, value in report.facts:
        y -= 12
        canvas.drawString(MARGIN, y, f"{label}: {value}")
    return y - 6


def _bold(canvas: Canvas, font_set: FontSet, size: float, x: float, y: float, value: str) -> None:
    """Regular glyphs filled and stroked, as the other internal reports do (one embedded font less)."""
    canvas.setFont(font_set.regular, size)
    canvas.setLineWidth(size / 30)
    canvas.drawString(x, y, value, mode=2)
