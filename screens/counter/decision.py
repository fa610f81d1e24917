"""Decide one application: approve, reject (with the reason the citizen will read) or take it in hand."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Input, Static

from kiosk.counter.applications import DECISIONS, Decision, checked_note
from kiosk.counter.typed import TypedWrong
from screens.base import KioskModal
from screens.widgets.action_bar import ActionBar
from screens.widgets.buttons import KioskButton

if TYPE_CHECKING:
    from kiosk.client.staff_applications import ApplicationSummary


class DecisionButton(KioskButton):
    def __init__(self, decision: Decision) -> None:
        super().__init__(
            id=f"decide-{decision.replace('_', '-')}",
            variant="primary" if decision == "approved" else "default",
        )
        self.decision: Decision = decision


class DecisionDialog(KioskModal[tuple[Decision, str] | None]):
    """Answers (decision, note) or None (Escape, Cancel)."""

    AUTO_FOCUS = "#decide-note"
    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(self, application: ApplicationSummary) -> None:
        super().__init__()
        self.application = application
        self.problem: TypedWrong | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="decide-panel"):
            yield Static(id="decide-heading")
            yield Static(id="decide-facts")
            yield Static(id="decide-note-label", classes="counter-label")
            yield Input(id="decide-note", max_length=500)
            yield Static(id="decide-problem", classes="notice")
            with ActionBar(id="decide-actions"):  # two by two at 80 columns
                for decision in DECISIONS:
                    yield DecisionButton(decision)
                yield KioskButton(id="decide-cancel")

    def translate(self) -> None:
        item = self.application
        self.query_one("#decide-heading", Static).update(
            self.t("counter.decide.heading", reference=item.reference)
        )
        self.query_one("#decide-facts", Static).update(
            self.t(
                "counter.decide.facts",
                service=item.service_name,
                status=self.t(f"counter.applications.status.{item.status}"),
                received=item.created_at[:16].replace("T", " "),
            )
        )
        self.query_one("#decide-note-label", Static).update(self.t("counter.decide.note"))
        for button in self.query(DecisionButton):
            button.label = self.t(f"counter.decide.{button.decision}")
        self.query_one("#decide-cancel", KioskButton).label = self.t("counter.decide.cancel")
        problem = self.query_one("#decide-problem", Static)
        problem.update(
            self.t(self.problem.key, **self.problem.values_in(self.kiosk.language)) if self.problem else ""
        )
        problem.display = self.problem is not None

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()  # Enter in the note chooses nothing: a decision is always a deliberate button

    def on_kiosk_button_pressed(self, event: KioskButton.Pressed) -> None:
        event.stop()
        if not isinstance(event.button, DecisionButton):
            self.dismiss(None)
            return
        try:
            note = checked_note(event.button.decision, self.query_one("#decide-note", Input).value)
        except TypedWrong as wrong:
            self.problem = wrong
            self.translate()
            self.query_one("#decide-note", Input).focus()
            return
        self.dismiss((event.button.decision, note))

    def action_cancel(self) -> None:
        self.dismiss(None)
