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


RIGHT = set("─╭╰├┌└┬┴╶┼")
"""Characters whose line goes on to the right: widened, they continue it."""
DOWN = set("╭╮│├┤┌┐┬╷┼")
"""Characters whose line goes on downwards: heightened, they continue it."""


def scaled(rows: tuple[str, str, str], scale: int) -> list[str]:
    """A glyph twice as wide and five rows high (scale 2): the strokes continue, corners stay corners."""
    if scale == 1:
        return list(rows)
    wide = ["".join(cell + ("─" if cell in RIGHT else " ") for cell in row) for row in rows]
    tall = [wide[0]]
    for upper, lower in ((rows[0], wide[1]), (rows[1], wide[2])):
        tall.append("".join(("│" if cell in DOWN else " ") + " " for cell in upper))
        tall.append(lower)
    return tall


def big_lines(value: str, scale: int = 1) -> str:
    """``value`` in box-drawing characters: 3 rows high (scale 1) or 5 rows and twice as wide (scale 2)."""
    glyphs = [scaled(glyph(character), scale) for character in value]
    height = 3 if scale == 1 else 5
    gap = " " * scale
    return "\n".join(gap.join(rows[row] for rows in glyphs) for row in range(height))


class BigText(Static):
    """Three rows high; the plain value stays available to screen readers and tests as ``value``."""

    def __init__(self, value: str = "", *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(big_lines(value), id=id, classes=classes)
        self.value = value
        self.scale = 1

    def show(self, value: str, scale: int = 1) -> None:
        self.value, self.scale = value, scale
        self.styles.height = 3 if scale == 1 else 5
        self.update(big_lines(value, scale))
