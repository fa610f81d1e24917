"""Shared by the entry screens' tests: a kiosk without background services, and what a person can see."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.widget import Widget
from textual.widgets import Static

from screens.app import KioskApp
from screens.widgets.buttons import KioskButton


class StillKiosk(KioskApp):
    """The real kiosk app without its reader, portal and printer watch: tests push screens by hand."""

    def start_services(self) -> None:
        return None

    def watch_idle(self) -> None:
        return None  # no idle warning popping up over the screen under test


def shown(app: App[Any], selector: str) -> str:
    """The text of a Static on the current screen, as rendered."""
    return str(app.screen.query_one(selector, Static).render())


def screen_text(app: App[Any], *, buttons: bool = True) -> str:
    """Every visible Static's text on the current screen (buttons' labels too, unless told not)."""
    return "\n".join(
        str(widget.render())
        for widget in app.screen.query(Static)
        if widget.display and (buttons or not isinstance(widget, KioskButton))
    )


def in_view(app: App[Any], selector: str) -> bool:
    """True when the widget can be seen and touched: what lies under its centre is it or its child."""
    widget = app.screen.query_one(selector, Widget)
    region = widget.region
    if not widget.display or region.area == 0:
        return False
    width, height = app.size
    x, y = (int(value) for value in region.center)
    if not (0 <= x < width and 0 <= y < height):
        return False
    under, _ = app.screen.get_widget_at(x, y)
    return under is widget or widget in under.ancestors
