"""The desk: the ticket being served in large digits, and every task one key away.

S serve a citizen (their card), A applications, V verify a certificate, P reprint, C close the day, L lock,
O sign out. A parked ticket is called back by typing its number (a wrong number is said in plain words).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal
from textual.widgets import Digits, Input, Static

from screens.counter.base import CounterScreen
from screens.counter.messages import CallParked, LockDesk, OpenTask, SignOut, Task
from screens.widgets.buttons import KioskButton, LanguageButton

if TYPE_CHECKING:
    from kiosk.counter.desk import DeskState

TASKS: tuple[tuple[Task, str], ...] = (
    ("serve", "S"),
    ("applications", "A"),
    ("verify", "V"),
    ("reprint", "P"),
    ("day", "C"),
    ("appointments", "M"),
)


class TaskButton(KioskButton):
    def __init__(self, task: Task, key: str) -> None:
        super().__init__(id=f"task-{task}")
        self.task_name: Task = task
        self.key = key


class DeskScreen(CounterScreen[None]):
    BINDINGS = [
        *(Binding(key.lower(), f"task('{task}')", show=False) for task, key in TASKS),
        Binding("l", "lock", show=False),
        Binding("o", "sign_out", show=False),
        Binding("slash", "focus_parked", show=False),
    ]
    KEYS_LINE = "counter.keys.desk"
    AUTO_FOCUS = ""  # letters go to the desk's keys until the clerk clicks the ticket field or presses /

    def compose_task(self) -> ComposeResult:
        with Horizontal(id="desk-now"):
            yield Static(id="desk-now-label")
            yield Digits("---", id="desk-now-number")
        with Grid(id="desk-tasks"):
            for task, key in TASKS:
                yield TaskButton(task, key)
            yield KioskButton(id="desk-lock")
            yield KioskButton(id="desk-sign-out")
            yield LanguageButton()
        with Horizontal(id="desk-parked"):
            yield Static(id="desk-parked-label", classes="counter-label")
            yield Input(id="desk-parked-number", max_length=8)

    def on_mount(self) -> None:
        self.watch(self.kiosk, "desk", self._show_desk, init=True)

    def translate(self) -> None:
        super().translate()
        for button in self.query(TaskButton):
            button.label = f"{self.t(f'counter.task.short.{button.task_name}')} ({button.key})"
        self.query_one("#desk-lock", KioskButton).label = self.t("counter.desk.lock")
        self.query_one("#desk-sign-out", KioskButton).label = self.t("counter.desk.sign_out")
        self.query_one("#desk-parked-label", Static).update(self.t("counter.desk.parked_label"))
        self.query_one("#desk-parked-number", Input).placeholder = self.t("counter.desk.parked_placeholder")
        self._show_desk(self.kiosk.desk)

    def _show_desk(self, desk: DeskState | None) -> None:
        serving = desk.serving if desk is not None else None
        label = self.t("counter.desk.now_serving") if serving else self.t("counter.desk.now_nobody")
        self.query_one("#desk-now-label", Static).update(label)
        self.query_one("#desk-now-number", Digits).update(serving.number if serving else "---")

    def action_task(self, task: Task) -> None:
        self.post_message(OpenTask(task))

    def action_lock(self) -> None:
        self.post_message(LockDesk())

    def action_sign_out(self) -> None:
        self.post_message(SignOut())

    def action_focus_parked(self) -> None:
        self.query_one("#desk-parked-number", Input).focus()

    def on_kiosk_button_pressed(self, event: KioskButton.Pressed) -> None:
        if isinstance(event.button, TaskButton):
            event.stop()
            self.action_task(event.button.task_name)
        elif event.button.id == "desk-lock":
            event.stop()
            self.action_lock()
        elif event.button.id == "desk-sign-out":
            event.stop()
            self.action_sign_out()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        event.input.value = ""
        self.set_focus(None)  # back to the desk: the task letters must not go on typing into the field (QA M7)
        self.post_message(CallParked(event.value))

    def action_desk(self) -> None:
        """Escape on the desk leaves the ticket field, so the task letters work again."""
        self.set_focus(None)
