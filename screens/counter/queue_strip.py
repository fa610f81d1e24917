"""The queue in one line, on the pages a counter shows that have no queue panel: the citizen's service pages
a clerk fills in while serving (screens/counter/serve.py pushes them), and any other kiosk page at a counter.

KioskScreen (screens/base.py) mounts it on every such screen, the way it mounts "call a clerk" on a kiosk's:
the desk, the ticket being served, how many wait, calls for help, what the last key did, and the two keys that
make sense while serving, recall (F6) and done (F10), as buttons for the mouse. The function keys themselves
are the app's (screens/app.py), so all the queue keys work on these pages as on the desk. It takes its row
from the top of the screen (split), so the page's own docked title and keys line stay where they are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from screens.base import Translated
from screens.counter.messages import QueueAction, QueueVerb
from screens.counter.queue_panel import waiting_counts

if TYPE_CHECKING:
    from kiosk.counter.desk import DeskState

STRIP_KEYS: tuple[tuple[QueueVerb, str], ...] = (("recall", "F6"), ("done", "F10"))


class StripKey(Static):
    """A queue key as a small button in the strip: a click does what its key does. Not a focus stop, so the
    page's own order of fields is the same as at a kiosk."""

    def __init__(self, verb: QueueVerb, key: str) -> None:
        super().__init__(id=f"strip-{verb}")
        self.verb: QueueVerb = verb
        self.key = key

    def on_click(self) -> None:
        self.post_message(QueueAction(self.verb))


class QueueStrip(Horizontal, Translated):
    def compose(self) -> ComposeResult:
        yield Static(id="strip-line")
        for verb, key in STRIP_KEYS:
            yield StripKey(verb, key)

    def on_mount(self) -> None:
        self.watch(self.kiosk, "desk", self._show, init=True)

    def translate(self) -> None:
        for key in self.query(StripKey):
            key.update(f"{key.key} {self.t(f'counter.queue.action.{key.verb}')}")
        self._show(self.kiosk.desk)

    def _show(self, desk: DeskState | None) -> None:
        self.display = desk is not None  # nobody signed in: no queue to show
        if desk is not None:
            self.query_one("#strip-line", Static).update(self.line(desk))

    def line(self, desk: DeskState) -> Text:
        """Most important first, as a narrow screen cuts the end: who is at the desk, then who waits."""
        line = Text(self.t("counter.strip.desk", desk=desk.desk), style="bold")
        line.append(" · ")
        if desk.serving is None:
            line.append(self.t("counter.strip.nobody"))
        else:
            line.append(self.t("counter.strip.serving", number=desk.serving.number), style="bold reverse")
        line.append(" · " + self.t("counter.strip.waiting") + " ")
        line.append_text(waiting_counts(desk))
        if desk.help_requests:
            line.append(self.t("counter.strip.help", count=len(desk.help_requests)) + "  ", style="bold")
        if desk.outcome:
            line.append(self.t(desk.outcome, **desk.outcome_values))
        return line
