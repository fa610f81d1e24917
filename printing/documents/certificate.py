"""The A4 certificate: official layout, the verifiable seal, and a clear-text fallback."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from kiosk.seal import SealedDocument, read_seal_unverified
from printing.fonts import FontSet, fonts
from printing.layout import fit_text, wrap_text
from printing.pdf import new_canvas
from printing.qr import QUIET_ZONE_MODULES, draw_qr, qr_matrix
from printing.texts import normalise_language, text

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 20 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
MIN_SEAL_SYMBOL = 35 * mm
"""DCC guidance: at least 35 mm so phones read it from paper; the quiet zone comes on top."""
SEAL_BOX = 45 * mm
FOOTER_HEIGHT = 12 * mm
BODY_SIZE = 10.5
BODY_LEADING = BODY_SIZE * 1.4


@dataclass(frozen=True)
class CertificateData:
    document: SealedDocument
    """What the seal signs: holder, dates, id and the printed fields come from here only."""
    seal: str
    """The seal text ("CS1:..."), signed by the portal over ``document``."""
    title: str
    issuer_name: str
    issuer_details: str
    body: str
    """The document type's text; blank lines separate paragraphs."""
    place: str
    access_code: str
    status_url: str | None
    language: str
    timezone: str = "Europe/Lisbon"
    other_codes: tuple[tuple[str, str], ...] = ()
    """(label, code) issued with the document, given only on its first print: the body shows each in place of
    the sealed field of that label, which says where a new one comes from (the seal never holds the code)."""


def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def _date(seconds: int, zone: tzinfo) -> str:
    return datetime.fromtimestamp(seconds, zone).strftime("%Y-%m-%d")


class _Writer:
    """Draws lines top-down on the current page and knows where it is."""

    def __init__(self, canvas: Canvas, font_set: FontSet) -> None:
        self.canvas = canvas
        self.fonts = font_set
        self.y = PAGE_HEIGHT - MARGIN

    def lines(
        self, lines: list[str], font: str, size: float, *, x: float = MARGIN, centred: bool = False
    ) -> None:
        self.canvas.setFont(font, size)
        for line in lines:
            self.y -= size * 1.3
            if centred:
                self.canvas.drawCentredString(PAGE_WIDTH / 2, self.y, line)
            else:
                self.canvas.drawString(x, self.y, line)

    def label_value(self, label: str, value: str, size: float = 10) -> None:
        label_text = f"{label}: "
        indent = stringWidth(label_text, self.fonts.bold, size)
        self.y -= size * 1.35
        self.canvas.setFont(self.fonts.bold, size)
        self.canvas.drawString(MARGIN, self.y, label_text)
        wrapped = wrap_text(value, self.fonts.regular, size, CONTENT_WIDTH - indent)
        self.canvas.setFont(self.fonts.regular, size)
        self.canvas.drawString(MARGIN + indent, self.y, wrapped[0] if wrapped else "")
        for line in wrapped[1:]:
            self.y -= size * 1.35
            self.canvas.drawString(MARGIN + indent, self.y, line)

    def rule(self, gap: float = 3 * mm) -> None:
        self.y -= gap
        self.canvas.setLineWidth(0.6)
        self.canvas.line(MARGIN, self.y, PAGE_WIDTH - MARGIN, self.y)
        self.y -= gap


def _fallback_lines(data: CertificateData, zone: tzinfo, language: str) -> list[tuple[str, str]]:
    """The seal's content in clear text, so a reader without a phone can compare."""
    doc = data.document
    return [
        (text("certificate.document_id", language), doc.doc_id),
        (text("certificate.holder", language), doc.holder),
        (text("certificate.issued_at", language), _date(doc.issued_at, zone)),
        (text("certificate.expires_at", language), _date(doc.expires_at, zone)),
        *doc.fields.items(),
    ]


def render_certificate(data: CertificateData) -> bytes:
    """PDF bytes: A4 portrait, as many pages as the body needs, the seal on page 1.

    ValueError if the seal does not carry exactly ``data.document``: the
    clear text printed beside the QR must say what the QR says.
    """
    if read_seal_unverified(data.seal) != data.document:
        raise ValueError("the seal does not match the certificate's printed data")
    language = normalise_language(data.language)
    zone = _zone(data.timezone)
    font_set = fonts()
    doc = data.document

    matrix = qr_matrix(data.seal, "Q")
    modules = len(matrix)
    seal_box = max(SEAL_BOX, MIN_SEAL_SYMBOL * (modules + 2 * QUIET_ZONE_MODULES) / modules)
    side_x = MARGIN + seal_box + 5 * mm
    side_width = PAGE_WIDTH - MARGIN - side_x
    small = 7.5
    # A reprint has no access code (it is given once): it says so rather than print a blank.
    code_line = (
        (font_set.bold, 11, f"{text('certificate.access_code', language)}: {data.access_code}")
        if data.access_code
        else (font_set.regular, 8, text("certificate.access_code_first_copy", language))
    )
    side: list[tuple[str, float, list[str]]] = [
        (font_set.bold, 11, [text("certificate.verify_title", language)]),
        (font_set.regular, 8, wrap_text(text("certificate.verify_offline", language),
                                         font_set.regular, 8, side_width)),
        (code_line[0], code_line[1], wrap_text(code_line[2], code_line[0], code_line[1], side_width)),
    ]  # fmt: skip
    if data.status_url:
        side.append((font_set.regular, small, wrap_text(
            f"{text('certificate.verify_online', language)} {data.status_url}",
            font_set.regular, small, side_width)))  # fmt: skip
    side.append((font_set.bold, small, [text("certificate.sealed_fields", language)]))
    for label, value in _fallback_lines(data, zone, language):
        side.append((font_set.regular, small,
                     wrap_text(f"{label}: {value}", font_set.regular, small, side_width)))  # fmt: skip
    side_height = sum(size * 1.3 * len(lines) for _font, size, lines in side)
    block_height = max(seal_box, side_height)

    # Lay the body out first: page 1 shares its height with the seal block, so
    # the page count ("page 1 of N") is known before anything is drawn.
    body_lines: list[str] = []
    for paragraph in data.body.split("\n\n"):
        if body_lines:
            body_lines.append("")
        body_lines.extend(wrap_text(paragraph.strip(), font_set.regular, BODY_SIZE, CONTENT_WIDTH))
    bottom = MARGIN + FOOTER_HEIGHT

    buffer = io.BytesIO()
    canvas = new_canvas(
        buffer, A4, title=f"{data.title} {doc.doc_id}", subject=data.title, author=data.issuer_name
    )
    writer = _Writer(canvas, font_set)

    issuer = fit_text(data.issuer_name, font_set.bold, 13, CONTENT_WIDTH, max_lines=2, min_size=9)
    writer.lines(issuer.lines, font_set.bold, issuer.size)
    writer.lines(wrap_text(data.issuer_details, font_set.regular, 8.5, CONTENT_WIDTH),
                 font_set.regular, 8.5)  # fmt: skip
    writer.rule()
    writer.y -= 4 * mm
    title = fit_text(data.title, font_set.bold, 20, CONTENT_WIDTH, max_lines=2, min_size=12)
    writer.lines(title.lines, font_set.bold, title.size, centred=True)
    writer.y -= 5 * mm
    writer.label_value(text("certificate.document_id", language), doc.doc_id)
    writer.label_value(text("certificate.issued_at", language), _date(doc.issued_at, zone))
    writer.label_value(text("certificate.expires_at", language), _date(doc.expires_at, zone))
    writer.label_value(text("certificate.place", language), data.place)
    writer.rule()
    writer.lines([text("certificate.holder", language)], font_set.bold, 9)
    holder = fit_text(doc.holder, font_set.bold, 15, CONTENT_WIDTH, max_lines=2, min_size=9)
    writer.lines(holder.lines, font_set.bold, holder.size)
    first_print = dict(data.other_codes)
    for label, value in doc.fields.items():
        writer.label_value(label, first_print.get(label, value))
    writer.rule()

    # The seal block sits at the foot of page 1; holder fields too long to leave
    # it room push it to a page of its own at the end rather than under the text.
    first_page_floor = bottom + block_height + 6 * mm
    seal_on_first_page = writer.y >= first_page_floor
    floor = first_page_floor if seal_on_first_page else bottom
    first_capacity = max(0, int((writer.y - floor) // BODY_LEADING))
    other_capacity = int((PAGE_HEIGHT - MARGIN - bottom) // BODY_LEADING)
    overflow = max(0, len(body_lines) - first_capacity)
    body_pages = 1 + math.ceil(overflow / other_capacity)
    pages = body_pages + (0 if seal_on_first_page else 1)

    def footer(page: int) -> None:
        canvas.setFont(font_set.regular, 3)
        micro = f"{text('certificate.microtext', language)} · {doc.doc_id} · {doc.issuer} · "
        repeat = int(CONTENT_WIDTH // max(1.0, stringWidth(micro, font_set.regular, 3))) + 1
        line = (micro * repeat)[: len(micro) * repeat]
        while stringWidth(line, font_set.regular, 3) > CONTENT_WIDTH:
            line = line[:-1]
        canvas.drawString(MARGIN, MARGIN + 8 * mm, line)
        canvas.setFont(font_set.regular, 8)
        canvas.drawString(MARGIN, MARGIN + 2 * mm, doc.doc_id)
        canvas.drawRightString(
            PAGE_WIDTH - MARGIN, MARGIN + 2 * mm,
            text("certificate.page", language).format(page=page, pages=pages),
        )  # fmt: skip

    canvas.setFont(font_set.regular, BODY_SIZE)
    for line in body_lines[:first_capacity]:
        writer.y -= BODY_LEADING
        canvas.drawString(MARGIN, writer.y, line)

    def seal_block(block_top: float) -> None:
        draw_qr(canvas, data.seal, MARGIN, block_top - seal_box, seal_box, "Q", matrix=matrix)
        side_y = block_top
        for font, size, lines in side:
            canvas.setFont(font, size)
            for line in lines:
                side_y -= size * 1.3
                canvas.drawString(side_x, side_y, line)

    if seal_on_first_page:
        seal_block(bottom + block_height + 2 * mm)
    footer(1)

    remaining = body_lines[first_capacity:]
    for page in range(2, body_pages + 1):
        canvas.showPage()
        chunk, remaining = remaining[:other_capacity], remaining[other_capacity:]
        y = PAGE_HEIGHT - MARGIN
        canvas.setFont(font_set.regular, BODY_SIZE)
        for line in chunk:
            y -= BODY_LEADING
            canvas.drawString(MARGIN, y, line)
        footer(page)
    if not seal_on_first_page:
        canvas.showPage()
        seal_block(PAGE_HEIGHT - MARGIN)
        footer(pages)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
