"""What every counter screen shares: the queue panel across the top and the keys that work from anywhere.

The queue keys are function keys, so they work even while the clerk types in a field: F5 call next, F6 recall,
F7 no-show, F8 park, F9 transfer, F10 done; F4 answers a kiosk's call for help (a second press closes it).
Escape goes back to the desk, where every task is one letter away. Every key is also a button (touch, mouse).
"""

from __future__ import annotations

from typing import TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from kiosk.counter.desk import ACKNOWLEDGED
from screens.base import KioskScreen, TitleBar, Translated
from screens.counter.messages import COUNTER_QUEUE_KEYS, HelpAction, OpenTask, QueueAction, QueueVerb
from screens.counter.queue_panel import QueuePanel

ResultType = TypeVar("ResultType")
PROGRESS_KEYS = ("counter.login.checking", "counter.login.card_reading")
"""What the sign-in and the lock say while they work: not a problem, so no warning sign."""


def warned(screen: Translated, key: str | None, said: str = "") -> str:
    """A refusal as the kiosk marks its errors (⚠ first: a shape, not a colour alone), in the portal's or the
    card's own words when they gave some; empty when there is nothing to say (QA L9)."""
    words = said or (screen.t(key) if key else "")
    if not words or (key in PROGRESS_KEYS and not said):
        return words
    return screen.t("counter.problem", message=words)


class DeskKeys(Translated):
    """The keys that work on every counter screen; mixed into counter screens (after the Screen class)."""

    BINDINGS = [
        *(Binding(key, f"queue('{verb}')", show=False, priority=True) for key, verb in COUNTER_QUEUE_KEYS),
        Binding("f4", "answer_help", show=False, priority=True),
    ]

    def action_queue(self, verb: QueueVerb) -> None:
        self.post_message(QueueAction(verb))

    def action_answer_help(self) -> None:
        """The oldest call for help: acknowledged (a clerk is coming) on the first press, closed on the next."""
        desk = self.kiosk.desk
        if desk is not None and desk.help_requests:
            first = desk.help_requests[0]
            self.post_message(HelpAction(first.id, "close" if first.status == ACKNOWLEDGED else "acknowledge"))


class CounterScreen(KioskScreen[ResultType], DeskKeys):
    """A task of the desk: its own content below the queue panel, with the keys line at the bottom."""

    BINDINGS = [Binding("escape", "desk", show=False)]
    SHOWS_QUEUE = False  # it has the full queue panel instead of the strip
    KEYS_LINE = "counter.keys.task"
    """i18n key of the keys line at the bottom (the desk itself lists its task letters)."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield QueuePanel()
        with Vertical(classes="counter-task"):
            yield from self.compose_task()
        yield Static(classes="counter-keys")

    def compose_task(self) -> ComposeResult:
        """The task's own widgets."""
        yield from ()

    def translate(self) -> None:
        self.query_one(".counter-keys", Static).update(self.t(self.KEYS_LINE))

    def action_desk(self) -> None:
        self.post_message(OpenTask("desk"))
