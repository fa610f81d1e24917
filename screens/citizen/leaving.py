"""The last screen: take your card and your papers, and what to do if something did not print."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from screens.base import KioskScreen, TitleBar
from screens.widgets.status_line import StatusLine


class LeavingScreen(KioskScreen[None]):
    """Shown until the card leaves the reader; the app then wipes the session and goes back to the start."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="leaving-panel"):
            yield Static(id="leaving-heading")
            # Status lines: read with the heading when the screen opens ("take your card" is said).
            yield StatusLine(id="leaving-card", classes="leaving-step")
            yield StatusLine(id="leaving-papers", classes="leaving-step")
            yield StatusLine(id="leaving-not-printed")
            yield StatusLine(id="leaving-goodbye")

    def translate(self) -> None:
        for widget_id, key in (
            ("#leaving-heading", "entry.leaving.heading"),
            ("#leaving-card", "entry.leaving.card"),
            ("#leaving-papers", "entry.leaving.papers"),
            ("#leaving-not-printed", "entry.leaving.not_printed"),
            ("#leaving-goodbye", "entry.leaving.goodbye"),
        ):
            self.query_one(widget_id, Static).update(self.t(key))
