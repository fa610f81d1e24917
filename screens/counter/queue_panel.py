"""The queue panel, on every counter screen: this desk, the ticket being served, who waits, calls for help,
and the six queue actions as buttons that name their keys.

It only renders the app's ``desk`` (kiosk.counter.desk.DeskState) and posts QueueAction / HelpAction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from kiosk.counter.desk import ACKNOWLEDGED
from kiosk.i18n import text
from screens.counter.messages import HelpAction, QueueAction, QueueVerb
from screens.widgets.buttons import KioskButton

if TYPE_CHECKING:
    from kiosk.counter.desk import DeskState
    from screens.app import KioskApp

ACTIONS: tuple[tuple[QueueVerb, str], ...] = (
    ("call_next", "F5"),
    ("recall", "F6"),
    ("no_show", "F7"),
    ("park", "F8"),
    ("transfer", "F9"),
    ("done", "F10"),
)


def waiting_counts(desk: DeskState) -> Text:
    """How many wait in each category; the categories this desk does not call in brackets (a shape, not only
    a colour)."""
    line = Text()
    for category in desk.waiting:
        mine = category.code in desk.categories
        shown = f"{category.prefix} {category.waiting}" if mine else f"({category.prefix} {category.waiting})"
        line.append(shown + "  ", style="bold" if mine else "dim")
    return line


class QueueButton(KioskButton):
    def __init__(self, verb: QueueVerb, key: str) -> None:
        super().__init__(id=f"queue-{verb.replace('_', '-')}")
        self.verb: QueueVerb = verb
        self.key = key


class HelpLine(Static):
    """The oldest call for help from a kiosk; a touch answers it like F4 (acknowledges, then closes)."""

    def on_click(self) -> None:
        desk = cast("KioskApp", self.app).desk
        if desk is not None and desk.help_requests:
            first = desk.help_requests[0]
            self.post_message(HelpAction(first.id, "close" if first.status == ACKNOWLEDGED else "acknowledge"))


class QueuePanel(Vertical):
    def compose(self) -> ComposeResult:
        with Horizontal(id="queue-lines"):
            yield Static(id="queue-serving")
            yield Static(id="queue-waiting")
        yield HelpLine(id="queue-help")
        with Horizontal(id="queue-actions"):
            for verb, key in ACTIONS:
                yield QueueButton(verb, key)
        yield Static(id="queue-outcome")

    @property
    def kiosk(self) -> KioskApp:
        return cast("KioskApp", self.app)

    def on_mount(self) -> None:
        self.watch(self.kiosk, "desk", self._show, init=True)
        self.watch(self.kiosk, "language", self._relabel, init=True)

    def _relabel(self, _language: str) -> None:
        for button in self.query(QueueButton):
            button.label = f"{button.key}\n{self.t(f'counter.queue.action.{button.verb}')}"
        self._show(self.kiosk.desk)

    def t(self, key: str, **values: object) -> str:
        return text(self.kiosk.language, key, **values)

    def _show(self, desk: DeskState | None) -> None:
        if desk is None:
            return
        self.query_one("#queue-serving", Static).update(self._serving(desk))
        self.query_one("#queue-waiting", Static).update(self._waiting(desk))
        help_line = self._help(desk)
        helper = self.query_one("#queue-help", Static)
        helper.update(help_line)
        helper.display = bool(help_line)
        outcome = self.query_one("#queue-outcome", Static)
        outcome.update(Text(self.t(desk.outcome, **desk.outcome_values)) if desk.outcome else "")
        outcome.display = bool(desk.outcome)

    def _serving(self, desk: DeskState) -> Text:
        line = Text(self.t("counter.queue.desk", desk=desk.desk), style="bold")
        clerk = self.kiosk.core.counter.clerk
        if clerk is not None:
            line.append(f" · {clerk.name}")
        line.append("  ")
        if desk.serving is None:
            line.append(self.t("counter.queue.serving_nobody"))
        else:
            line.append(self.t("counter.queue.serving", number=desk.serving.number), style="bold reverse")
        if desk.parked:
            line.append(
                "  " + self.t("counter.queue.parked_list", numbers=", ".join(t.number for t in desk.parked))
            )
        return line

    def _waiting(self, desk: DeskState) -> Text:
        return Text(self.t("counter.queue.waiting") + " ") + waiting_counts(desk)

    def _help(self, desk: DeskState) -> Text | str:
        if not desk.help_requests:
            return ""
        first = desk.help_requests[0]
        key = "counter.help.acknowledged_line" if first.status == ACKNOWLEDGED else "counter.help.line"
        where = self.t(f"counter.help.where.{first.screen}")
        if where.startswith("counter.help.where."):  # a screen the catalog does not know: never its raw id
            where = self.t("counter.help.where.other")
        return Text("⚑ " + self.t(key, kiosk=first.kiosk, where=where, count=len(desk.help_requests)))

    def on_kiosk_button_pressed(self, event: KioskButton.Pressed) -> None:
        if isinstance(event.button, QueueButton):
            event.stop()
            self.post_message(QueueAction(event.button.verb))
