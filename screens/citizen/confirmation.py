"""Confirmation: the request is in, here is its reference, the receipt is printing, take your card."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from kiosk.client import PortalError, PortalUnavailable, ServiceSummary
from kiosk.core import Confirmation
from screens.base import KioskScreen, TitleBar
from screens.widgets.buttons import KioskButton


class ConfirmationScreen(KioskScreen):
    BINDINGS = [
        Binding("r", "app.finish", "Finish", show=False),
        Binding("l", "app.switch_language", "Language", show=False),
    ]

    def __init__(self, service: ServiceSummary) -> None:
        super().__init__()
        self.service = service
        self.confirmation: Confirmation | None = None
        self.failure: str | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="panel"):
            yield Static(id="heading")
            yield Static(self.service.name, id="service")
            yield Static(id="reference")
            yield Static(id="printed")
            yield Static(id="take-card")
            yield KioskButton(id="finish", variant="primary")

    def on_mount(self) -> None:
        super().on_mount()
        self.submit()

    def translate(self) -> None:
        done = self.confirmation
        self.query_one("#heading", Static).update(
            self.t("confirmation.heading") if done else self.failure or self.t("confirmation.submitting")
        )
        self.query_one("#reference", Static).update(
            self.t("confirmation.reference", reference=done.reference) if done else ""
        )
        self.query_one("#reference").display = done is not None
        lines = []
        if done and done.status == "queued":
            lines.append(self.t("confirmation.queued"))
        if done:
            lines.append(
                self.t("confirmation.printed" if done.receipt_printed else "confirmation.print_failed")
            )
        self.query_one("#printed", Static).update("\n".join(lines))
        self.query_one("#take-card", Static).update(self.t("confirmation.take_card") if done else "")
        self.query_one("#finish", KioskButton).label = self.t("home.remove_card")

    @work(exclusive=True, group="submit")
    async def submit(self) -> None:
        session = self.kiosk.session
        if session is None:
            return
        try:
            self.confirmation = await self.kiosk.core.apply(session, self.service)
        except PortalUnavailable:
            self.failure = self.t("confirmation.needs_connection")
        except PortalError as error:
            self.failure = f"{self.t('confirmation.failed')}\n{error}"
        self.translate()
        self.query_one("#finish", KioskButton).focus()

    def on_kiosk_button_pressed(self, event: KioskButton.Pressed) -> None:
        if event.button.id == "finish":
            self.kiosk.action_finish()
