"""'Call a clerk': a button in the title row of every kiosk screen (F1 does the same from anywhere).

The button only posts :class:`CallClerk` with the name of the screen it is on; the app sends the help request
(the kiosk's name and that screen's name, nothing about the person) and says "a clerk is coming" in the
person's language. Screens do not place it: KioskScreen (screens/base.py) puts the title bar and this button
together in a :class:`ClerkHeader` on every screen of a kiosk, never at a counter or on the public display.
"""

from __future__ import annotations

from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget

from kiosk.i18n import text
from screens.widgets.buttons import KioskButton
from screens.widgets.notice_room import follow_notices


class CallClerk(Message):
    """Someone at the kiosk asked for a clerk, from the screen named ``screen``."""

    def __init__(self, screen: str) -> None:
        super().__init__()
        self.screen = screen


def screen_name(screen: object) -> str:
    """What the counter is told about where the person is: the screen's kind, never what it shows."""
    name = type(screen).__name__.removesuffix("Screen")
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_") or "screen"


class CallClerkButton(KioskButton):
    def __init__(self, *, id: str = "call-clerk") -> None:  # noqa: A002
        super().__init__(id=id)

    def on_mount(self) -> None:
        self.watch(self.app, "language", self._relabel, init=True)

    def _relabel(self, language: str) -> None:
        self.label = text(language, "queue.help.button")

    def action_press(self) -> None:
        self.post_message(CallClerk(screen_name(self.screen)))


class ClerkHeader(Horizontal):
    """The screen's title row, three rows high, with "call a clerk" at its right end (call_clerk.tcss).

    The screen mounts it after everything else: the screen's first focus still goes to what the screen is
    for, while Tab (which Textual orders by place on the screen) reaches the button first from the top.
    """

    def __init__(self, *titles: Widget) -> None:
        super().__init__(*titles, CallClerkButton())

    def on_mount(self) -> None:
        # A notice sits over this row, left of the button (common.tcss), on a layer above the page; one that
        # wraps to more lines than the row has makes the row taller, so the page is pushed down, never covered.
        follow_notices(self)
