"""Change of address, before the questions: the address the card holds now, and what will happen.

Continue (True) goes on to the new address; Back (False) leaves. The address is the person's own, read with
their address PIN a moment ago; it is shown as plain text, never as markup.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from screens.base import KioskScreen, TitleBar
from screens.widgets.buttons import KioskButton, LanguageButton


class CurrentAddressScreen(KioskScreen[bool]):
    BINDINGS = [Binding("escape", "back", "Back", show=False)]

    def __init__(self, current_line: str) -> None:
        super().__init__()
        self.current_line = current_line

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="page"):
            yield Static(id="address-heading")
            yield Static(id="address-now-label")
            yield Static(Text(self.current_line), id="address-now")
            yield Static(id="address-steps")
        with Horizontal(id="bottom"):
            yield KioskButton(id="address-continue", variant="primary")
            yield KioskButton(id="address-back")
            yield LanguageButton()

    def on_mount(self) -> None:
        self.query_one("#address-continue", KioskButton).focus()

    def translate(self) -> None:
        self.query_one("#address-heading", Static).update(self.t("j2.address.heading"))
        known = bool(self.current_line)
        self.query_one("#address-now-label", Static).update(
            self.t("j2.address.now" if known else "j2.address.now_unknown")
        )
        self.query_one("#address-now").display = known
        self.query_one("#address-steps", Static).update(self.t("j2.address.steps"))
        self.query_one("#address-continue", KioskButton).label = self.t("j2.address.continue")
        self.query_one("#address-back", KioskButton).label = self.t("j2.back")

    @on(KioskButton.Pressed, "#address-continue")
    def go_on(self) -> None:
        self.dismiss(True)

    @on(KioskButton.Pressed, "#address-back")
    def action_back(self) -> None:
        self.dismiss(False)
