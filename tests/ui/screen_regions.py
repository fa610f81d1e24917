"""Measuring what a screen shows, by the regions of its widgets: the small-screen tests of the citizen screens
(tests/ui/test_small_screens.py, test_small_screens2.py) and of the counter (test_counter_small_screens.py)."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button

from screens.app import KioskApp
from screens.app_services import later_stylesheets
from screens.widgets.buttons import KioskButton

SMALLEST = (80, 24)
"""The smallest terminal we support."""
USABLE = (60, 20)
"""Still usable: the panels scroll."""
README_SIZE = (100, 30)
"""The README's pictures (scripts/shots.py)."""
LANGUAGES = ["pt", "en"]


def styled(app: KioskApp) -> bool:
    """The stylesheets read after the first paint are in (the screens' own rules among them)."""
    read = {str(location[0]) for location in app.stylesheet.source}
    return all(str(path) in read for path in later_stylesheets())


def whole(widget: Widget, screen: Screen[Any]) -> bool:
    """The widget is shown and all of it is inside the screen."""
    return widget.display and widget.region.area > 0 and screen.region.contains_region(widget.region)


def in_a_scroll(widget: Widget) -> bool:
    return any(isinstance(ancestor, VerticalScroll) for ancestor in widget.ancestors)


def fixed_controls(screen: Screen[Any]) -> list[Widget]:
    """The buttons and fields that do not scroll: the title row's, the search, the ways in, the bottom row."""
    return [
        widget
        for widget in screen.query("KioskButton, Input")
        if widget.display and widget.region.area > 0 and not in_a_scroll(widget)
    ]


def assert_apart(widgets: list[Widget]) -> None:
    for index, widget in enumerate(widgets):
        for other in widgets[index + 1 :]:
            assert not widget.region.overlaps(other.region), f"{widget!r} overlaps {other!r}"


def shown_buttons(screen: Screen[Any]) -> list[Widget]:
    return [
        button for button in screen.query("Button, KioskButton") if button.display and button.region.area > 0
    ]


def label_of(button: Widget) -> str:
    return (
        button.label
        if isinstance(button, KioskButton)
        else str(button.label)
        if isinstance(button, Button)
        else ""
    )


def cut_words(button: Widget) -> list[str]:
    """The words of the button's label wider than the room inside it (cut, or broken across lines)."""
    return [word for word in label_of(button).split() if cell_len(word) > button.content_region.width]
