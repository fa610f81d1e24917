"""Layout for 80 mm roll paper: blocks stacked top-down, page as long as its content."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from printing.fonts import FontSet, fonts
from printing.layout import fit_text, wrap_text
from printing.pdf import new_canvas
from printing.qr import ErrorCorrection, draw_qr

ROLL_WIDTH = 80 * mm
ROLL_MARGIN = 4 * mm
"""80 mm thermal heads print about 72 mm; the rest is the printer's own margin."""
CONTENT_WIDTH = ROLL_WIDTH - 2 * ROLL_MARGIN

Align = Literal["left", "center", "right"]
_DrawStep = Callable[[Canvas, float], None]


@dataclass(frozen=True)
class _Block:
    height: float
    draw: _DrawStep


class RollLayout:
    """Collects blocks, then draws them on one page exactly as tall as needed."""

    def __init__(self) -> None:
        self.fonts: FontSet = fonts()
        self._blocks: list[_Block] = []

    def text(
        self,
        value: str,
        *,
        size: float = 9,
        bold: bool = False,
        mono: bool = False,
        align: Align = "left",
        max_lines: int | None = None,
        min_size: float | None = None,
    ) -> None:
        """Wrapped text; with ``max_lines`` it first shrinks towards ``min_size``."""
        font = self.fonts.mono if mono else self.fonts.bold if bold else self.fonts.regular
        if max_lines is not None:
            fitted = fit_text(
                value,
                font,
                size,
                CONTENT_WIDTH,
                max_lines=max_lines,
                min_size=min_size if min_size is not None else size,
            )
            lines, size = fitted.lines, fitted.size
        else:
            lines = wrap_text(value, font, size, CONTENT_WIDTH)
        leading = size * 1.25

        def draw(canvas: Canvas, top: float) -> None:
            canvas.setFont(font, size)
            baseline = top - size
            for line in lines:
                if align == "center":
                    canvas.drawCentredString(ROLL_WIDTH / 2, baseline, line)
                elif align == "right":
                    canvas.drawRightString(ROLL_WIDTH - ROLL_MARGIN, baseline, line)
                else:
                    canvas.drawString(ROLL_MARGIN, baseline, line)
                baseline -= leading

        self._blocks.append(_Block(leading * len(lines), draw))

    def label_value(self, label: str, value: str, *, size: float = 9) -> None:
        """``Label`` in bold, then the value: beside it if it fits, else below."""
        bold, regular = self.fonts.bold, self.fonts.regular
        label_text = label + ": "
        label_width = stringWidth(label_text, bold, size)
        if label_width + stringWidth(value, regular, size) <= CONTENT_WIDTH:
            leading = size * 1.25

            def draw(canvas: Canvas, top: float) -> None:
                canvas.setFont(bold, size)
                canvas.drawString(ROLL_MARGIN, top - size, label_text)
                canvas.setFont(regular, size)
                canvas.drawString(ROLL_MARGIN + label_width, top - size, value)

            self._blocks.append(_Block(leading, draw))
            return
        self.text(label, size=size, bold=True)
        self.text(value, size=size)

    def space(self, height: float) -> None:
        self._blocks.append(_Block(height, lambda canvas, top: None))

    def rule(self) -> None:
        def draw(canvas: Canvas, top: float) -> None:
            canvas.setLineWidth(0.5)
            canvas.setDash(2, 2)
            canvas.line(ROLL_MARGIN, top - 3, ROLL_WIDTH - ROLL_MARGIN, top - 3)
            canvas.setDash()

        self._blocks.append(_Block(6, draw))

    def qr(self, value: str, size: float, error_correction: ErrorCorrection = "M") -> None:
        def draw(canvas: Canvas, top: float) -> None:
            draw_qr(canvas, value, (ROLL_WIDTH - size) / 2, top - size, size, error_correction)

        self._blocks.append(_Block(size, draw))

    def render(self, *, title: str, subject: str) -> bytes:
        height = 2 * ROLL_MARGIN + sum(block.height for block in self._blocks)
        buffer = io.BytesIO()
        canvas = new_canvas(buffer, (ROLL_WIDTH, height), title=title, subject=subject)
        top = height - ROLL_MARGIN
        for block in self._blocks:
            block.draw(canvas, top)
            top -= block.height
        canvas.showPage()
        canvas.save()
        return buffer.getvalue()
