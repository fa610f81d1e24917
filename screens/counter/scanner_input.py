"""An Input a USB scanner types into: it tells a scanner's fast burst from a person's typing
(kiosk.counter.scanner) and finishes a burst that ends without Enter, as some scanners are set up to do."""

from __future__ import annotations

from textual import events
from textual._time import get_time  # the clock of every event's .time (monotonic here)
from textual.message import Message
from textual.widgets import Input

from kiosk.counter.scanner import END_PAUSE_SECONDS, ScanBurst


class ScannerInput(Input):
    class Scanned(Message):
        """A whole burst arrived: the text a scanner typed (the input holds it too)."""

        def __init__(self, scanner_input: ScannerInput, value: str) -> None:
            super().__init__()
            self.scanner_input = scanner_input
            self.value = value

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        # Not selecting on focus: the scan's first key, typed before the focus arrived, must not be replaced.
        super().__init__(id=id, select_on_focus=False)
        self.burst = ScanBurst()
        self.last_scanned = False
        """The last text submitted came from a scanner's burst (shown as 'scanned' in the verdict)."""

    def on_mount(self) -> None:
        self.set_interval(END_PAUSE_SECONDS / 3, self._check_pause)

    async def _on_key(self, event: events.Key) -> None:
        now = event.time  # when the key arrived from the terminal, not when it was handled
        if event.key == "enter":
            self.last_scanned = self.burst.enter() is not None
        elif event.is_printable and event.character:
            self.burst.key(event.character, now)
        await super()._on_key(event)

    def _check_pause(self) -> None:
        scanned = self.burst.paused(get_time())
        if scanned is not None:
            self.last_scanned = True
            self.post_message(self.Scanned(self, self.value))

    def take_keys_from(self, event: events.Key) -> None:
        """A key typed while the focus was elsewhere on the screen: the scanner's first key comes here."""
        self.focus()
        if event.is_printable and event.character:
            self.burst.key(event.character, event.time)
            self.insert_text_at_cursor(event.character)
