"""Small widgets shared by several screens; each keeps itself up to date."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from kiosk.i18n import text
from printing.texts import text as printing_text

if TYPE_CHECKING:
    from kiosk.app import KioskApp


class PrinterNotice(Static):
    """Says, before anyone commits to a service, that the printer cannot print, and what still works.

    Hidden while the printers are fine; follows the app's printer state and language on its own.
    Styled in common.tcss (a DEFAULT_CSS block would be parsed on its own at start-up).
    """

    def on_mount(self) -> None:
        app = cast("KioskApp", self.app)
        self.watch(app, "printer_problem", lambda _problem: self.refresh_notice(), init=True)
        self.watch(app, "language", lambda _language: self.refresh_notice(), init=False)

    def refresh_notice(self) -> None:
        app = cast("KioskApp", self.app)
        problem = app.printer_problem
        self.display = problem is not None
        if problem is not None:
            # The warning sign and the words carry the meaning, not the colour alone.
            self.update(f"⚠ {printing_text(problem, app.language)} {text(app.language, 'printer.still_works')}")


class KioskButton(Static, can_focus=True):
    """A large, plain button: pressed by touch, mouse, Enter or Space.

    Textual's Button carries styles for variants and states a kiosk does not use, and they cost a third of
    the first paint. Styled in common.tcss; focus shows as a heavy border and underlined text, not colour alone.
    """

    BINDINGS = [Binding("enter,space", "press", "Press", show=False)]

    class Pressed(Message):
        def __init__(self, button: KioskButton) -> None:
            super().__init__()
            self.button = button

        @property
        def control(self) -> KioskButton:
            return self.button

    def __init__(self, label: str = "", *, id: str | None = None, variant: str = "default") -> None:  # noqa: A002
        super().__init__(label, id=id, classes=f"-{variant}")
        self._label = label

    @property
    def label(self) -> str:
        return self._label

    @label.setter
    def label(self, text: str) -> None:
        self._label = text
        self.update(text)

    def on_click(self) -> None:
        self.action_press()

    def action_press(self) -> None:
        self.post_message(self.Pressed(self))
