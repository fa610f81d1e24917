"""QR codes drawn as one vector path from the qrcode module matrix.

Measured on this kind of machine (docs/printing.md): about 5x faster and
smaller than reportlab's QrCodeWidget, and sharp at any printer resolution.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from itertools import pairwise
from typing import Literal

import qrcode
import qrcode.constants
import qrcode.util
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


_BINARY_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


def _bits(cells: Sequence[bool | None]) -> int:
    """A line of modules as an int: bit i is module i, 1 = dark."""
    return int(bytes(reversed([bool(cell) for cell in cells])).translate(_BINARY_DIGITS), 2)


def _data_bits(data: qrcode.util.QRData) -> int:
    """Bits the payload of one segment takes, without mode and length fields."""
    length = len(data.data)
    if data.mode == qrcode.util.MODE_NUMBER:
        return 10 * (length // 3) + (0, 4, 7)[length % 3]
    if data.mode == qrcode.util.MODE_ALPHA_NUM:
        return 11 * (length // 2) + 6 * (length % 2)
    return 8 * length


def _smallest_version(data: qrcode.util.QRData, level: int) -> int:
    """What QRCode.best_fit finds, without encoding the data three times over."""
    payload = _data_bits(data)
    for version in range(1, 41):
        length_bits = qrcode.util.mode_sizes_for_version(version)[data.mode]
        if 4 + length_bits + payload <= qrcode.util.BIT_LIMIT_TABLE[level][version]:
            return version
    raise ValueError("text too long for a QR code")


def _function_patterns(version: int) -> qrcode.QRCode:  # type: ignore[type-arg]
    """An empty symbol of ``version`` with its finder, alignment and timing patterns drawn."""
    code = qrcode.QRCode(version=version, border=0)
    size = code.modules_count = version * 4 + 17
    code.modules = [[None] * size for _ in range(size)]
    code.setup_position_probe_pattern(0, 0)
    code.setup_position_probe_pattern(size - 7, 0)
    code.setup_position_probe_pattern(0, size - 7)
    code.setup_position_adjust_pattern()
    code.setup_timing_pattern()
    return code


@cache
def _data_modules(version: int) -> list[list[bool]]:
    """True where a module carries data (and is masked); False for function patterns."""
    code = _function_patterns(version)
    code.setup_type_info(True, 0)
    if version >= 7:
        code.setup_type_number(True)
    return [[module is None for module in row] for row in code.modules]


@cache
def _placement(version: int) -> tuple[tuple[int, int], ...]:
    """Data module positions in the order the bit stream fills them (two-column zigzag)."""
    data = _data_modules(version)
    size = len(data)
    order = []
    row, step = size - 1, -1
    for right in range(size - 1, 0, -2):
        column = right - 1 if right <= 6 else right  # skip the vertical timing pattern
        while True:
            for c in (column, column - 1):
                if data[row][c]:
                    order.append((row, c))
            row += step
            if not 0 <= row < size:
                row -= step
                step = -step
                break
    return tuple(order)


@cache
def _function_lines(version: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Rows and columns of the dark modules that do not depend on data or mask."""
    code = _function_patterns(version)
    size = code.modules_count
    if version >= 7:
        code.setup_type_number(False)
    code.modules[size - 8][8] = True  # the "dark module" beside the format bits
    return (
        tuple(_bits(row) for row in code.modules),
        tuple(_bits(column) for column in zip(*code.modules, strict=True)),
    )


@cache
def _mask_lines(version: int, level: int, mask: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Rows and columns (as ints) of what ``mask`` sets: flipped data modules and format bits."""
    flips = qrcode.util.mask_func(mask)
    data = _data_modules(version)
    size = len(data)
    formatted = qrcode.QRCode(version=version, error_correction=level, border=0)
    formatted.modules_count = size
    formatted.modules = [[False] * size for _ in range(size)]
    formatted.setup_type_info(False, mask)
    grid = [
        [(data[r][c] and flips(r, c)) or bool(formatted.modules[r][c]) for c in range(size)]
        for r in range(size)
    ]
    rows = tuple(_bits(row) for row in grid)
    columns = tuple(_bits([grid[r][c] for r in range(size)]) for c in range(size))
    return rows, columns


def _line_penalty(line: int, full: int) -> int:
    """ISO/IEC 18004 rules 1 (runs of 5+) and 3 (finder-like 1011101 + 4 light) for one line."""
    same = ~(line ^ (line >> 1)) & (full >> 1)
    # A run of L >= 5 equal modules gives L-4 set bits here and scores L-2.
    fives = same & (same >> 1) & (same >> 2) & (same >> 3)
    penalty = fives.bit_count() + 2 * (fives & ~(fives << 1)).bit_count()
    light = ~line & full
    core = line & (light >> 1) & (line >> 2) & (line >> 3) & (line >> 4) & (light >> 5)
    core &= (line >> 6) & (full >> 6)
    after = (light >> 7) & (light >> 8) & (light >> 9) & (light >> 10)
    before = (light << 1) & (light << 2) & (light << 3) & (light << 4)
    return penalty + 40 * ((core & after).bit_count() + (core & before).bit_count())


def mask_penalty(rows: Sequence[int], columns: Sequence[int]) -> int:
    """The standard's mask penalty (rules 1-4) of a symbol given as row and column bit lines."""
    size = len(rows)
    full = (1 << size) - 1
    penalty = sum(_line_penalty(line, full) for line in rows)
    penalty += sum(_line_penalty(line, full) for line in columns)
    for upper, lower in pairwise(rows):
        vertical = ~(upper ^ lower)
        block = vertical & (vertical >> 1) & ~(upper ^ (upper >> 1)) & (full >> 1)
        penalty += 3 * block.bit_count()
    dark = sum(line.bit_count() for line in rows)
    penalty += 10 * int(abs(dark * 100 / (size * size) - 50) // 5)
    return penalty


def qr_matrix(text: str, error_correction: ErrorCorrection = "M") -> list[list[bool]]:
    """Module matrix of the smallest QR version that holds ``text``, without quiet zone.

    The qrcode package picks the mask by building the symbol eight times
    (about 40 ms for a seal). Here qrcode only encodes the bit stream (with
    its Reed-Solomon blocks); the bits are placed once into rows and columns
    held as ints, and each mask is an XOR with cached lines, scored with bit
    arithmetic.
    One segment (optimize=0) is optimal for our texts: Base45 seals are all
    alphanumeric and URLs all bytes.
    """
    level = _LEVELS[error_correction]
    data = qrcode.util.QRData(text)
    version = _smallest_version(data, level)
    stream = qrcode.util.create_data(version, level, [data])
    size = version * 4 + 17
    rows = [0] * size
    columns = [0] * size
    for index, (row, column) in enumerate(_placement(version)):
        byte = index >> 3
        if byte < len(stream) and stream[byte] >> (7 - (index & 7)) & 1:
            rows[row] |= 1 << column
            columns[column] |= 1 << row
    fixed_rows, fixed_columns = _function_lines(version)

    def masked(mask: int) -> tuple[list[int], list[int]]:
        mask_rows, mask_columns = _mask_lines(version, level, mask)
        return (
            [a ^ b | c for a, b, c in zip(rows, mask_rows, fixed_rows, strict=True)],
            [a ^ b | c for a, b, c in zip(columns, mask_columns, fixed_columns, strict=True)],
        )

    best = min(range(8), key=lambda mask: mask_penalty(*masked(mask)))
    best_rows, _ = masked(best)
    return [[bool(line >> column & 1) for column in range(size)] for line in best_rows]


def draw_qr(
    canvas: Canvas,
    text: str,
    x: float,
    y: float,
    size: float,
    error_correction: ErrorCorrection = "M",
    *,
    matrix: list[list[bool]] | None = None,
) -> float:
    """Draw a QR whose outer box, quiet zone included, is ``size`` points wide.

    (x, y) is the lower-left corner of that box. Returns the module width in
    points, so callers can check the printed size against a minimum. Pass
    ``matrix`` (from qr_matrix) when it was already computed to size the box.
    """
    if matrix is None:
        matrix = qr_matrix(text, error_correction)
    modules = len(matrix)
    module = size / (modules + 2 * QUIET_ZONE_MODULES)
    runs = []
    for row_index, row in enumerate(matrix):
        # Module units, y up: row 0 is the top row. One rectangle per horizontal
        # run of dark modules keeps the path short.
        row_y = modules - 1 - row_index
        column = 0
        while column < modules:
            if not row[column]:
                column += 1
                continue
            start = column
            while column < modules and row[column]:
                column += 1
            runs.append(f"{start} {row_y} {column - start} 1 re")
    origin_x = x + QUIET_ZONE_MODULES * module
    origin_y = y + QUIET_ZONE_MODULES * module
    # Integer rectangles under one scaling matrix, written as PDF operators:
    # reportlab's Path formats every float in Python and made a seal QR cost
    # more than the rest of the certificate.
    canvas.addLiteral(
        f"q 0 g {module:.4f} 0 0 {module:.4f} {origin_x:.4f} {origin_y:.4f} cm\n" + "\n".join(runs) + "\nf Q"
    )
    return module
