"""The row of buttons at the foot of a citizen screen (the main action, Back, the language), whole at any width.

A kiosk must be usable at 80x24 and 60x20 as well as on its own screen (docs/citizen.md). Buttons as wide as
their labels ran off the right edge at 80 columns (the take-a-ticket screen's language button, at x=78 to 81),
and four buttons sharing the width equally, each kept at its minimum width, pushed three of them out of sight at
60 columns (the verify screen). So the buttons of an :class:`ActionBar` share its width, and fold when they
cannot: side by side while each button can still show its longest word, the spare room of a short label given
to a longer one so that as many labels as possible stay on one line, and a label that needs more than its
share wraps onto another line (the buttons' height is auto, a row as tall as its tallest button); otherwise
they fold into rows of equal columns (two by two, say), never wider than the screen. The widths follow every
layout of the screen: a resize, a language switch (new labels), a button shown or hidden.

Styled in common.tcss (a DEFAULT_CSS block would be parsed on its own at start-up); a screen places the bar
(docked at the bottom, its padding) with its own rules, and leaves the buttons' widths and margins to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from math import ceil
from typing import Any

from rich.cells import cell_len
from textual.layout import Layout
from textual.layouts.grid import GridLayout
from textual.screen import Screen
from textual.widget import Widget

from screens.widgets.buttons import KioskButton

GAP = 1
"""Cells between two buttons, across and down: the bar's grid-gutter (common.tcss)."""


def side_by_side(wanted: Sequence[int], narrowest: Sequence[int], room: int) -> list[int] | None:
    """The widths of buttons side by side in ``room`` cells, or None when they cannot all be shown so.

    ``wanted`` is each button's width with its label on one line, ``narrowest`` the least it may have (its
    longest word whole). With room for every label, the buttons that want less grow first, towards equal
    widths; without, the buttons that want less keep what they want and the others share the rest equally,
    their labels wrapping, as long as that share keeps their longest word whole.
    """
    count = len(wanted)
    widths = [0] * count
    fits = sum(wanted) <= room
    # Those that keep what they want: with room to spare the longest labels, without it the shortest.
    order = sorted(range(count), key=lambda index: wanted[index], reverse=fits)
    left, sharing = room, count
    for position, index in enumerate(order):
        keeps = wanted[index] * sharing >= left if fits else wanted[index] * sharing <= left
        if not keeps:
            rest = sorted(order[position:])
            share, extra = divmod(left, len(rest))
            for place, other in enumerate(rest):
                widths[other] = share + (1 if place < extra else 0)
            break
        widths[index] = wanted[index]
        left -= wanted[index]
        sharing -= 1
    if any(width < least for width, least in zip(widths, narrowest, strict=True)):
        return None
    return widths


def columns_when_folded(count: int, narrowest: int, room: int) -> int:
    """How many columns ``count`` buttons fold into: as few rows as the width allows, the rows filled evenly."""
    per_row = max(1, (room + GAP) // (narrowest + GAP))
    rows = ceil(count / per_row)
    return ceil(count / rows)


class ActionBar(Widget):
    """A screen's row of buttons: they share its width, and fold into rows of equal columns when they must.

    A grid (common.tcss) whose columns the bar sets after every layout; the buttons of a row are as tall as its
    tallest, so that a label wrapping onto a second line leaves no ragged edge.
    """

    def pre_layout(self, layout: Layout) -> None:
        # The buttons of a row as tall as its tallest (Textual's ItemGrid does the same). The grid is the one of
        # ActionBar's own rule in common.tcss, shared by action bars only.
        if isinstance(layout, GridLayout):
            layout.stretch_height = True

    def on_mount(self) -> None:
        # A first guess, for the first frame: every button shown side by side, as wide as each other.
        self.styles.grid_size_columns = max(1, len(self._shown()))
        # After every layout of the screen: its size, a label or the buttons shown may have changed.
        self.screen.screen_layout_refresh_signal.subscribe(self, self._share)

    def _shown(self) -> list[KioskButton]:
        return [child for child in self.children if isinstance(child, KioskButton) and child.display]

    def _share(self, _screen: Screen[Any]) -> None:
        buttons = self._shown()
        room = self.content_region.width
        if not self.display or not buttons or room <= 0:
            return
        wanted = [self._width_for(button, button.label) for button in buttons]
        narrowest = [self._width_for(button, *button.label.split()) for button in buttons]
        side = room - GAP * (len(buttons) - 1)
        widths = side_by_side(wanted, narrowest, side)
        if widths is None:
            self._set_columns(columns_when_folded(len(buttons), max(narrowest), room), None)
        elif max(wanted) <= side // len(buttons):  # every label fits an equal share
            self._set_columns(len(buttons), None)
        else:
            self._set_columns(len(buttons), widths)

    @staticmethod
    def _width_for(button: KioskButton, *texts: str) -> int:
        """The width ``button`` needs to show the longest of ``texts`` on one line (at least its min-width)."""
        least = button.styles.min_width.cells if button.styles.min_width is not None else None
        longest = max((cell_len(text) for text in texts), default=0)
        return max(least or 0, longest + button.styles.gutter.width)  # gutter: padding and border

    def _set_columns(self, count: int, widths: list[int] | None) -> None:
        """``count`` columns, of ``widths`` or equal; only what changed, so the layout it causes stops here."""
        self.styles.grid_size_columns = count  # a layout only when it changes
        if widths is not None:
            self.styles.grid_columns = widths  # likewise
        elif self.styles.inline.has_rule("grid_columns"):
            self.styles.grid_columns = None  # back to equal columns (1fr)
