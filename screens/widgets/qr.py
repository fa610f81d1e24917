"""A QR code drawn with half-block characters, so a phone can read it straight off the kiosk's screen."""

from __future__ import annotations

import qrcode
from qrcode.constants import ERROR_CORRECT_L
from rich.text import Text
from textual.widgets import Static

# Two modules a cell, one above the other: a terminal cell is about twice as tall as wide, so each module
# comes out square. Index: (top is dark, bottom is dark).
HALF_BLOCKS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}
QUIET_ZONE = 2
"""Light modules around the code; the printed standard asks 4, but a screen's own light frame adds to it."""


def qr_matrix(data: str) -> list[list[bool]]:
    """The modules of the smallest QR code holding the data (True = dark), quiet zone included."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_L, border=QUIET_ZONE)
    code.add_data(data)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


def qr_lines(matrix: list[list[bool]]) -> list[str]:
    """The matrix as text lines of half blocks, two module rows per line."""
    rows = [*matrix, [False] * len(matrix[0])] if len(matrix) % 2 else matrix
    return [
        "".join(HALF_BLOCKS[(top, bottom)] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(rows[::2], rows[1::2], strict=True)
    ]


class QrCode(Static):
    """Shows ``data`` as a QR code, dark modules on a light ground whatever the theme (scanners need that)."""

    def __init__(self, data: str = "", *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.data = data

    def on_mount(self) -> None:
        self.show(self.data)

    def show(self, data: str) -> None:
        """Draw a new code, or nothing (and take no room) when data is empty."""
        self.data = data
        self.display = bool(data)
        if data:
            self.update(Text("\n".join(qr_lines(qr_matrix(data))), style="#000000 on #ffffff", no_wrap=True))
