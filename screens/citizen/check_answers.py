"""Check your answers (GOV.UK): every answer with a Change button, what the card gave, the fee, Send.

"Change" opens that question again through the journey; Continue on it comes straight back here. Answers the
card gave are marked "from your card" and have no Change: they are what the State already knows.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from kiosk.journey.journey import CheckRow, Journey
from screens.base import KioskScreen, TitleBar
from screens.widgets.buttons import KioskButton, LanguageButton
from screens.widgets.printer_notice import PrinterNotice


class CheckAnswersScreen(KioskScreen[str]):
    """Dismisses with "submit", "moved" (Change or Back: the journey moved) or "leave" (Cancel)."""

    def __init__(self, journey: Journey) -> None:
        super().__init__()
        self.journey = journey
        self.rows: list[CheckRow] = journey.check_rows()

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="page"):
            yield Static(id="heading")
            yield Static(id="service")
            with Vertical(id="answers"):
                for index, row in enumerate(self.rows):
                    with Horizontal(classes="row -card" if row.from_card else "row", id=f"row-{index}"):
                        yield Static(classes="label")
                        yield Static(classes="shown")
                        if row.from_card:
                            yield Static(classes="from-card")
                        else:
                            yield KioskButton(id=f"change-{index}")
            yield Static(id="card-note")
            yield Static(id="fee")
            yield PrinterNotice()  # a printer fault is said before the person sends and pays, not after
        with Horizontal(id="actions"):
            yield KioskButton(id="back")
            yield KioskButton(id="submit", variant="primary")
            yield KioskButton(id="cancel", variant="warning")
            yield LanguageButton()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#submit", KioskButton).focus()

    def translate(self) -> None:
        # The navigation switches the journey's language first, so the answers read again in the new one.
        self.rows = self.journey.check_rows()
        self.query_one("#heading", Static).update(self.t("questions.check.heading"))
        self.query_one("#service", Static).update(self.journey.service.name)
        for index, row in enumerate(self.rows):
            line = self.query_one(f"#row-{index}", Horizontal)
            line.query_one(".label", Static).update(row.field.label)
            line.query_one(".shown", Static).update(row.shown or self.t("questions.check.not_answered"))
            if row.from_card:
                line.query_one(".from-card", Static).update(self.t("questions.check.from_card"))
            else:
                line.query_one(KioskButton).label = self.t("questions.check.change")
        if not self.rows:
            self.query_one("#card-note", Static).update(self.t("questions.check.nothing_asked"))
        elif any(row.from_card for row in self.rows):
            self.query_one("#card-note", Static).update(self.t("questions.check.from_card_note"))
        else:
            self.query_one("#card-note").display = False
        self.query_one("#fee", Static).update(self.fee_text())
        self.query_one("#back", KioskButton).label = self.t("questions.back")
        self.query_one("#submit", KioskButton).label = self.t("questions.check.submit")
        self.query_one("#cancel", KioskButton).label = self.t("questions.cancel")

    def fee_text(self) -> str:
        if not self.journey.fee:
            return self.t("questions.check.free")
        fee = self.t("questions.check.fee", fee=self.journey.fee_text(self.kiosk.language))
        return f"{fee}\n{self.t('questions.check.how_to_pay')}"

    def on_kiosk_button_pressed(self, event: KioskButton.Pressed) -> None:
        name = event.button.id or ""
        event.stop()
        if name.startswith("change-"):
            self.journey.change(self.rows[int(name.removeprefix("change-"))].field.id)
            self.dismiss("moved")
        elif name == "back":
            self.journey.back()
            self.dismiss("moved")
        elif name == "submit":
            self.dismiss("submit")
        elif name == "cancel":
            self.dismiss("leave")
