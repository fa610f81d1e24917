"""QR codes drawn as one vector path from the qrcode module matrix.

Measured on this kind of machine (docs/printing.md): about 5x faster and
smaller than reportlab's QrCodeWidget, and sharp at any printer resolution.
"""

from __future__ import annotations

from typing import Literal

import qrcode
import qrcode.constants
from reportlab.pdfgen.canvas import Canvas

QUIET_ZONE_MODULES = 4
"""The standard's quiet zone; scanners miss codes printed without it."""

ErrorCorrection = Literal["L", "M", "Q", "H"]
_LEVELS = {
    "L": qrcode.constants.ERROR_CORRECT_L,
    "M": qrcode.constants.ERROR_CORRECT_M,
    "Q": qrcode.constants.ERROR_CORRECT_Q,
    "H": qrcode.constants.ERROR_CORRECT_H,
}


def qr_matrix(text: str, error_correction: ErrorCorrection = "M") -> list[list[bool]]:
    """Module matrix of the smallest QR version that holds ``text``, without quiet zone."""
    code = qrcode.QRCode(error_correction=_LEVELS[error_correction], border=0)
    code.add_data(text)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


def draw_qr(
    canvas: Canvas,
    text: str,
    x: float,
    y: float,
    size: float,
    error_correction: ErrorCorrection = "M",
) -> float:
    """Draw a QR whose outer box, quiet zone included, is ``size`` points wide.

    (x, y) is the lower-left corner of that box. Returns the module width in
    points, so callers can check the printed size against a minimum.
    """
    matrix = qr_matrix(text, error_correction)
    modules = len(matrix)
    module = size / (modules + 2 * QUIET_ZONE_MODULES)
    origin_x = x + QUIET_ZONE_MODULES * module
    top = y + size - QUIET_ZONE_MODULES * module
    path = canvas.beginPath()
    for row_index, row in enumerate(matrix):
        row_y = top - (row_index + 1) * module
        column = 0
        # One rectangle per horizontal run of dark modules keeps the path short.
        while column < modules:
            if not row[column]:
                column += 1
                continue
            start = column
            while column < modules and row[column]:
                column += 1
            path.rect(origin_x + start * module, row_y, (column - start) * module, module)
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
    return module
