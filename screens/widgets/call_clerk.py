"""'Call a clerk': a button for any kiosk screen (F1 does the same from anywhere).

It only posts :class:`CallClerk` with the name of the screen it is on; the app sends the help request (the
kiosk's name and that screen's name, nothing about the person) and says "a clerk is coming" in the person's
language.
"""

from __future__ import annotations

from textual.message import Message

from kiosk.i18n import text
from screens.widgets.buttons import KioskButton


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
