"""Text that wraps or shrinks to fit, so long names never run off the paper."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth


def _split_long_word(word: str, font: str, size: float, width: float) -> list[str]:
    """Break a word wider than the line (a long email, a URL) between characters."""
    pieces: list[str] = []
    current = ""
    for char in word:
        if current and stringWidth(current + char, font, size) > width:
            pieces.append(current)
            current = char
        else:
            current += char
    if current:
        pieces.append(current)
    return pieces


def wrap_text(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap; explicit newlines are kept; no line is wider than ``width``."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if stringWidth(candidate, font, size) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            if stringWidth(word, font, size) <= width:
                current = word
            else:
                *full, current = _split_long_word(word, font, size, width)
                lines.extend(full)
        lines.append(current)
    return lines


@dataclass(frozen=True)
class FittedText:
    lines: list[str]
    size: float


def fit_text(
    text: str,
    font: str,
    size: float,
    width: float,
    *,
    max_lines: int,
    min_size: float,
) -> FittedText:
    """Shrink the font step by step until the text wraps into ``max_lines``.

    At ``min_size`` the text wraps onto as many lines as it needs: a long name
    printed on three lines beats a name cut short.
    """
    current = size
    while current > min_size:
        lines = wrap_text(text, font, current, width)
        if len(lines) <= max_lines:
            return FittedText(lines, current)
        current = max(min_size, current - 0.5)
    return FittedText(wrap_text(text, font, min_size, width), min_size)
