"""QR codes: the mask choice against a slow reference, and decoding with zbar."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import qrcode
import qrcode.constants
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from printing.qr import ErrorCorrection, draw_qr, mask_penalty, qr_matrix
from tests.printing.pdftools import qr_codes


def reference_penalty(grid: list[list[bool]]) -> int:
    """ISO/IEC 18004 §7.8.3 penalty, written the slow obvious way."""
    size = len(grid)
    lines = [list(row) for row in grid] + [[grid[r][c] for r in range(size)] for c in range(size)]
    penalty = 0
    for line in lines:
        run = 1
        for index in range(1, size + 1):
            if index < size and line[index] == line[index - 1]:
                run += 1
                continue
            if run >= 5:
                penalty += run - 2
            run = 1
        text = "".join("1" if dark else "0" for dark in line)
        for start in range(size - 10):
            if text[start : start + 11] in ("00001011101", "10111010000"):
                penalty += 40
    for r in range(size - 1):
        for c in range(size - 1):
            if grid[r][c] == grid[r][c + 1] == grid[r + 1][c] == grid[r + 1][c + 1]:
                penalty += 3
    dark = sum(sum(row) for row in grid)
    penalty += 10 * int(abs(dark * 100 / (size * size) - 50) // 5)
    return penalty


def as_lines(grid: list[list[bool]]) -> tuple[list[int], list[int]]:
    size = len(grid)

    def bits(cells: list[bool]) -> int:
        return sum(1 << i for i, dark in enumerate(cells) if dark)

    return [bits(row) for row in grid], [bits([grid[r][c] for r in range(size)]) for c in range(size)]


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=11, max_value=30).flatmap(
    lambda size: st.lists(st.lists(st.booleans(), min_size=size, max_size=size),
                          min_size=size, max_size=size)))  # fmt: skip
def test_fast_penalty_equals_the_reference(grid: list[list[bool]]) -> None:
    assert mask_penalty(*as_lines(grid)) == reference_penalty(grid)


LEVELS = {"M": qrcode.constants.ERROR_CORRECT_M, "Q": qrcode.constants.ERROR_CORRECT_Q}


@pytest.mark.parametrize(
    ("text", "level"),
    [("https://portal.example.pt/status/ABCD-1234", "M"), ("CS1:" + "6BF%*" * 84, "Q"),
     ("A", "Q"), ("Olá, Łukasz! ünïcødé", "M")],
)  # fmt: skip
def test_matrix_is_qrcodes_symbol_with_the_least_penalty_mask(text: str, level: str) -> None:
    ours = qr_matrix(text, level)  # type: ignore[arg-type]
    candidates = []
    for mask in range(8):
        code = qrcode.QRCode(error_correction=LEVELS[level], border=0, mask_pattern=mask)
        code.add_data(text, optimize=0)
        code.make(fit=True)
        candidates.append([[bool(m) for m in row] for row in code.get_matrix()])
    assert ours in candidates
    # The chosen mask scores no worse than any other, format bits included.
    assert reference_penalty(ours) == min(reference_penalty(c) for c in candidates)


@pytest.mark.parametrize(
    ("text", "level"),
    [("https://portal.example.pt/status/ABCD-1234", "M"),
     ("CS1:" + "6BF%*-./:" * 60, "Q"),
     ("x" * 900, "L")],
)  # fmt: skip
def test_vector_qr_decodes_with_zbar(text: str, level: ErrorCorrection, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(120 * mm, 120 * mm))
    draw_qr(canvas, text, 10 * mm, 10 * mm, 100 * mm, level)
    canvas.showPage()
    canvas.save()
    assert qr_codes(buffer.getvalue(), tmp_path, resolution=200) == [text]


def test_module_width_is_reported() -> None:
    canvas = Canvas(io.BytesIO())
    modules = len(qr_matrix("hello", "Q")) + 8
    assert draw_qr(canvas, "hello", 0, 0, 100, "Q") == pytest.approx(100 / modules)
