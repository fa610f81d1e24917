"""Revoke a document: the supervisor gives the reason (kept in the audit trail, at least three characters)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Static

from screens.base import KioskModal
from screens.widgets.buttons import KioskButton

MIN_REASON = 3


class RevokeDialog(KioskModal[str | None]):
    """Answers the reason typed, or None (Escape, Cancel)."""

    AUTO_FOCUS = "#revoke-reason"
    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(self, document_id: str) -> None:
        super().__init__()
        self.document_id = document_id
        self.problem = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="revoke-panel"):
            yield Static(id="revoke-heading")
            yield Static(id="revoke-warning", classes="notice")
            yield Input(id="revoke-reason", max_length=200)
            yield Static(id="revoke-problem", classes="notice")
            with Horizontal(id="revoke-actions"):
                yield KioskButton(id="revoke-confirm", variant="warning")
                yield KioskButton(id="revoke-cancel")

    def translate(self) -> None:
        self.query_one("#revoke-heading", Static).update(self.t("counter.revoke.heading", id=self.document_id))
        self.query_one("#revoke-warning", Static).update(self.t("counter.revoke.warning"))
        self.query_one("#revoke-reason", Input).placeholder = self.t("counter.revoke.reason")
        self.query_one("#revoke-confirm", KioskButton).label = self.t("counter.revoke.confirm")
        self.query_one("#revoke-cancel", KioskButton).label = self.t("counter.revoke.cancel")
        problem = self.query_one("#revoke-problem", Static)
        problem.update(self.t("counter.revoke.reason_needed", least=MIN_REASON))
        problem.display = self.problem

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.confirm()

    def on_kiosk_button_pressed(self, event: KioskButton.Pressed) -> None:
        event.stop()
        if event.button.id == "revoke-confirm":
            self.confirm()
        else:
            self.dismiss(None)

    def confirm(self) -> None:
        reason = self.query_one("#revoke-reason", Input).value.strip()
        if len(reason) < MIN_REASON:
            self.problem = True
            self.translate()
            return
        self.dismiss(reason)

    def action_cancel(self) -> None:
        self.dismiss(None)
