"""Take cash: which fee (when the citizen owes more than one), and the amount handed over; the change comes
from the portal once it has settled the fee."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Static

from kiosk.counter.cash import DuePayment
from kiosk.counter.typed import TypedWrong, tendered_cents
from screens.base import KioskModal
from screens.widgets.buttons import KioskButton


class DueButton(KioskButton):
    def __init__(self, index: int) -> None:
        super().__init__(id=f"cash-due-{index}")
        self.index = index


class CashDialog(KioskModal[tuple[DuePayment, int] | None]):
    """Answers (the fee, the cents handed over) or None (Escape, Cancel)."""

    AUTO_FOCUS = "#cash-tendered"
    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(self, payments: list[DuePayment]) -> None:
        super().__init__()
        self.payments = payments
        self.chosen = 0
        self.problem: TypedWrong | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="cash-panel"):
            yield Static(id="cash-heading")
            with Horizontal(id="cash-dues"):
                for index in range(len(self.payments)):
                    yield DueButton(index)
            yield Static(id="cash-due")
            yield Static(id="cash-tendered-label", classes="counter-label")
            yield Input(id="cash-tendered", max_length=12)
            yield Static(id="cash-problem", classes="notice")
            with Horizontal(id="cash-actions"):
                yield KioskButton(id="cash-take", variant="primary")
                yield KioskButton(id="cash-cancel")

    def translate(self) -> None:
        self.query_one("#cash-heading", Static).update(self.t("counter.cash.heading"))
        for button in self.query(DueButton):
            payment = self.payments[button.index]
            mark = "● " if button.index == self.chosen else ""
            button.label = f"{mark}{payment.application_reference} · {payment.due_display}"
        chosen = self.payments[self.chosen]
        self.query_one("#cash-due", Static).update(
            self.t("counter.cash.due", amount=chosen.due_display, service=chosen.service_code)
        )
        self.query_one("#cash-tendered-label", Static).update(self.t("counter.cash.tendered"))
        self.query_one("#cash-tendered", Input).placeholder = "20,00"
        self.query_one("#cash-take", KioskButton).label = self.t("counter.cash.take")
        self.query_one("#cash-cancel", KioskButton).label = self.t("counter.cash.cancel")
        problem = self.query_one("#cash-problem", Static)
        problem.update(self.t(self.problem.key, **self.problem.values) if self.problem else "")
        problem.display = self.problem is not None

    def on_kiosk_button_pressed(self, event: KioskButton.Pressed) -> None:
        event.stop()
        if isinstance(event.button, DueButton):
            self.chosen = event.button.index
            self.problem = None
            self.translate()
            self.query_one("#cash-tendered", Input).focus()
        elif event.button.id == "cash-take":
            self.take()
        else:
            self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.take()

    def take(self) -> None:
        payment = self.payments[self.chosen]
        try:
            cents = tendered_cents(self.query_one("#cash-tendered", Input).value, payment.due_cents)
        except TypedWrong as wrong:
            self.problem = wrong
            self.translate()
            return
        self.dismiss((payment, cents))

    def action_cancel(self) -> None:
        self.dismiss(None)
