"""Home, once the card is read: the services this person can request here."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from kiosk.client import PortalError, ServiceSummary
from screens.base import KioskScreen, TitleBar
from screens.widgets.buttons import KioskButton
from screens.widgets.printer_notice import PrinterNotice


class ServiceButton(KioskButton):
    """One service, as a large button that carries the service it stands for."""

    def __init__(self, service: ServiceSummary) -> None:
        super().__init__(service.name, id=f"service-{service.code}")
        self.service = service


class HomeScreen(KioskScreen):
    BINDINGS = [
        Binding("r", "app.finish", "Finish", show=False),
        Binding("l", "app.switch_language", "Language", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="greeting")
        yield Static(id="choose")
        yield PrinterNotice()
        yield VerticalScroll(id="services")
        with Horizontal(id="bottom"):
            yield KioskButton(id="finish", variant="warning")
            yield KioskButton(id="language")

    _services_language = ""
    """The language the listed service names are in; switching language reloads them."""

    def translate(self) -> None:
        session = self.kiosk.session
        self.query_one("#greeting", Static).update(
            self.t("home.greeting", name=session.holder_name if session else "")
        )
        self.query_one("#finish", KioskButton).label = self.t("home.remove_card")
        self.query_one("#language", KioskButton).label = self.t("app.switch_language")
        if self._services_language != self.kiosk.language:
            self._services_language = self.kiosk.language
            self.load_services()

    @work(exclusive=True, group="services")
    async def load_services(self) -> None:
        choose = self.query_one("#choose", Static)
        choose.update(self.t("home.loading"))
        try:
            services = await self.kiosk.core.quick_services(self.kiosk.language)
        except PortalError as error:
            choose.update(str(error))
            return
        box = self.query_one("#services", VerticalScroll)
        await box.remove_children()
        await box.mount_all(ServiceButton(service) for service in services)
        choose.update(self.t("home.choose") if services else self.t("home.none"))
        if services:
            box.children[0].focus()

    def on_kiosk_button_pressed(self, event: KioskButton.Pressed) -> None:
        if isinstance(event.button, ServiceButton):
            self.kiosk.request_service(event.button.service)
        elif event.button.id == "finish":
            self.kiosk.action_finish()
        elif event.button.id == "language":
            self.kiosk.action_switch_language()
