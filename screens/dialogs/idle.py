"""'Are you still there?': a countdown before the kiosk forgets the person, with a simple way to stay."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.timer import Timer
from textual.widgets import Static

from screens.base import KioskModal
from screens.widgets.buttons import KioskButton
from screens.widgets.status_line import StatusLine


class IdleDialog(KioskModal[bool]):
    """Counts ``seconds`` down, once a second; True = more time, False = "I'm done" or the time ran out.

    Escape keeps the session, as the DWP timeout pattern asks. The app re-opens the dialog each time the
    person goes idle again, so more time can be chosen as often as needed (WCAG 2.2.1).
    """

    AUTO_FOCUS = "#idle-more"
    BINDINGS = [Binding("escape", "more_time", show=False)]

    def __init__(self, seconds: int) -> None:
        super().__init__()
        self.seconds_left = max(0, seconds)
        self.countdown: Timer | None = None
        self._answered = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="idle-panel"):
            yield Static(id="idle-heading")
            yield StatusLine(id="idle-countdown")
            with Horizontal(id="idle-actions"):
                yield KioskButton(id="idle-more", variant="primary")
                yield KioskButton(id="idle-done")

    def on_mount(self) -> None:
        self.app.bell()  # a second sense: the warning is heard as well as seen (EN 301 549, EAA)
        self.countdown = self.set_interval(1, self.tick)

    def translate(self) -> None:
        self.query_one("#idle-heading", Static).update(self.t("entry.idle.heading"))
        self.query_one("#idle-more", KioskButton).label = self.t("entry.idle.more_time")
        self.query_one("#idle-done", KioskButton).label = self.t("entry.idle.done")
        self._show_countdown()

    def _show_countdown(self, *, quietly: bool = False) -> None:
        seconds = self.seconds_left
        key = "entry.idle.countdown_one" if seconds == 1 else "entry.idle.countdown"
        self.query_one("#idle-countdown", StatusLine).update(self.t(key, seconds=seconds), quietly=quietly)

    def tick(self) -> None:
        """One second less; at zero the answer is False (the app then wipes the session)."""
        self.seconds_left = max(0, self.seconds_left - 1)
        self._show_countdown(quietly=True)  # said when the dialog appears, not every second
        if self.seconds_left == 0:
            self._answer(False)

    def action_more_time(self) -> None:
        self._answer(True)

    def on_kiosk_button_pressed(self, event: KioskButton.Pressed) -> None:
        self._answer(event.button.id == "idle-more")

    def _answer(self, more_time: bool) -> None:
        if self._answered:
            return
        self._answered = True
        if self.countdown is not None:
            self.countdown.stop()
        if more_time:
            self.kiosk.speech.before_next_screen("speech.more_time")  # said as the screen below is read again
        self.dismiss(more_time)
