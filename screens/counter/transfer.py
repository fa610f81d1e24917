"""Transfer the ticket being served: to another queue category (a button each) or to a desk (typed)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.widgets import Input, Static

from screens.base import KioskModal
from screens.widgets.buttons import KioskButton

if TYPE_CHECKING:
    from kiosk.counter.desk import DeskState

Target = tuple[Literal["category", "desk"], str]


class CategoryButton(KioskButton):
    def __init__(self, code: str) -> None:
        super().__init__(id=f"transfer-category-{code}")
        self.code = code


class TransferDialog(KioskModal[Target | None]):
    """Answers ("category", code), ("desk", name) or None (Escape, Cancel)."""

    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(self, desk: DeskState) -> None:
        super().__init__()
        self.desk = desk
        self.problem: str | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="transfer-panel"):
            yield Static(id="transfer-heading")
            yield Static(id="transfer-to-category", classes="counter-label")
            with Grid(id="transfer-categories"):  # two a row: "Atendimento geral/prioritário" whole (QA M8)
                for category in self.desk.waiting:
                    yield CategoryButton(category.code)
            yield Static(id="transfer-to-desk", classes="counter-label")
            yield Input(id="transfer-desk", max_length=10)
            yield Static(id="transfer-problem", classes="notice")
            yield KioskButton(id="transfer-cancel")

    def translate(self) -> None:
        number = self.desk.serving.number if self.desk.serving else ""
        self.query_one("#transfer-heading", Static).update(self.t("counter.transfer.heading", number=number))
        self.query_one("#transfer-to-category", Static).update(self.t("counter.transfer.to_category"))
        self.query_one("#transfer-to-desk", Static).update(self.t("counter.transfer.to_desk"))
        self.query_one("#transfer-desk", Input).placeholder = self.t("counter.transfer.desk_placeholder")
        self.query_one("#transfer-cancel", KioskButton).label = self.t("counter.transfer.cancel")
        names = {category.code: category.name(self.kiosk.language) for category in self.desk.waiting}
        for button in self.query(CategoryButton):
            button.label = f"{button.code} {names.get(button.code, '')}".strip()
        problem = self.query_one("#transfer-problem", Static)
        problem.update(self.problem or "")
        problem.display = self.problem is not None

    def on_kiosk_button_pressed(self, event: KioskButton.Pressed) -> None:
        event.stop()
        if isinstance(event.button, CategoryButton):
            self.dismiss(("category", event.button.code))
        else:
            self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        typed = event.value.strip()
        if typed and len(typed) <= 10 and typed.replace("-", "").isalnum():
            self.dismiss(("desk", typed))
            return
        self.problem = self.t("counter.transfer.desk_wrong", typed=typed)
        self.translate()

    def action_cancel(self) -> None:
        self.dismiss(None)
