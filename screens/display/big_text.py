"""Ticket numbers and desks in characters three rows high, letters included (Textual's Digits has no P)."""

from __future__ import annotations

from textual.renderables.digits import DIGITS, DIGITS3X3
from textual.widgets import Static

# Three rows of three cells each, drawn like Textual's digits; letters the queue uses for its lines.
LETTERS: dict[str, tuple[str, str, str]] = {
    "G": ("╭─╴", "│╶╮", "╰─╯"),
    "H": ("╷ ╷", "├─┤", "╵ ╵"),
    "I": ("╶┬╴", " │ ", "╶┴╴"),
    "J": ("  ╷", "  │", "╰─╯"),
    "K": ("╷ ╱", "├┤ ", "╵ ╲"),
    "L": ("╷  ", "│  ", "╰─╴"),
    "M": ("╭┬╮", "│││", "╵ ╵"),
    "N": ("╭─╮", "│ │", "╵ ╵"),
    "O": ("╭─╮", "│ │", "╰─╯"),
    "P": ("┌─╮", "├─╯", "╵  "),
    "Q": ("╭─╮", "│ │", "╰─╳"),
    "R": ("┌─╮", "├┬╯", "╵╰╴"),
    "S": ("╭─╴", "╰─╮", "╶─╯"),
    "T": ("╶┬╴", " │ ", " ╵ "),
    "U": ("╷ ╷", "│ │", "╰─╯"),
    "V": ("╷ ╷", "│ │", "╰┬╯"),
    "W": ("╷ ╷", "│││", "╰┴╯"),
    "X": ("╲ ╱", " ╳ ", "╱ ╲"),
    "Y": ("╷ ╷", "╰┬╯", " ╵ "),
    "Z": ("╶─╮", " ╱ ", "╰─╴"),
}


def glyph(character: str) -> tuple[str, str, str]:
    upper = character.upper()
    if upper in LETTERS:
        return LETTERS[upper]
    position = DIGITS.find(upper)
    if position >= 0:
        rows = DIGITS3X3[position * 3 : position * 3 + 3]
        return (rows[0].ljust(3), rows[1].ljust(3), rows[2].ljust(3))
    return ("   ", f" {character[:1]} ", "   ")


def big_lines(value: str) -> str:
    """``value`` as three lines of box-drawing characters, one cell between characters."""
    glyphs = [glyph(character) for character in value]
    return "\n".join(" ".join(rows[row] for rows in glyphs) for row in range(3))


class BigText(Static):
    """Three rows high; the plain value stays available to screen readers and tests as ``value``."""

    def __init__(self, value: str = "", *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(big_lines(value), id=id, classes=classes)
        self.value = value

    def show(self, value: str) -> None:
        self.value = value
        self.update(big_lines(value))
