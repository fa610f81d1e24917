"""The attract screen: what the kiosk does and 'insert your card'."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from screens.base import KioskScreen, TitleBar
from screens.widgets.buttons import KioskButton
from screens.widgets.printer_notice import PrinterNotice


class AttractScreen(KioskScreen):
    BINDINGS = [
        Binding("i", "insert_demo_card", "Demo card", show=False),
        Binding("l", "app.switch_language", "Language", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="panel"):
            yield Static(id="heading")
            yield Static(id="lead")
            yield Static(id="insert")
            yield PrinterNotice()
            with Horizontal(id="actions"):
                if self.kiosk.settings.card.reader == "simulated":
                    yield KioskButton(id="demo-card", variant="primary")
                yield KioskButton(id="language")
        yield Static(id="status", classes="status")

    def translate(self) -> None:
        self.query_one("#heading", Static).update(self.t("attract.heading"))
        self.query_one("#lead", Static).update(self.t("attract.lead"))
        self.query_one("#insert", Static).update(self.t("attract.insert"))
        self.query_one("#language", KioskButton).label = self.t("app.switch_language")
        if demo := self.query("#demo-card"):
            demo.first(KioskButton).label = self.t("attract.insert_demo")
        self.show_status(self.kiosk.portal_status_key)

    def show_status(self, key: str) -> None:
        self.show_text(self.t(key) if key else "")

    def show_text(self, message: str) -> None:
        self.query_one("#status", Static).update(message)

    def action_insert_demo_card(self) -> None:
        self.kiosk.insert_demo_card()

    def on_kiosk_button_pressed(self, event: KioskButton.Pressed) -> None:
        if event.button.id == "demo-card":
            self.kiosk.insert_demo_card()
        elif event.button.id == "language":
            self.kiosk.action_switch_language()
