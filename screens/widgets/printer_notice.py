"""The printer notice: paper trouble said before anyone commits to a service."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from kiosk.i18n import text
from printing.texts import text as printing_text
from screens.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from screens.app import KioskApp


class PrinterNotice(StatusLine):
    """Says (and says aloud) before anyone commits to a service that the printer cannot print, and what works.

    Hidden while the printers are fine; follows the app's printer state and language on its own, and gives its
    screen the class -printer-fault while it shows.
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
        # The screen says so too, for a layout that makes room for the notice (attract.tcss, short terminals).
        self.screen.set_class(problem is not None, "-printer-fault")
        if problem is not None:
            # The warning sign and the words carry the meaning, not the colour alone.
            self.update(f"⚠ {printing_text(problem, app.language)} {text(app.language, 'printer.still_works')}")
