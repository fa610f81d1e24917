"""A service's start page (GOV.UK 'start using a service'): what it is, who can use it, what you need, cost,
time, other ways to do it and who answers for it; then a big Start (True) or Back (False).

A service the card in the reader cannot be used for (the change of address with a card issued by another
country) says so plainly, why and what to do instead, in place of Start."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from kiosk.client import PortalError, ServiceDetail
from kiosk.journey.address_change import offered_to_card
from kiosk.money import format_money
from screens.base import KioskScreen, TitleBar
from screens.widgets.buttons import KioskButton, LanguageButton
from screens.widgets.printer_notice import PrinterNotice
from screens.widgets.status_line import StatusLine


class ServiceStartScreen(KioskScreen[bool]):
    BINDINGS = [
        Binding("escape", "back", "Back", show=False),
        Binding("l", "app.switch_language", "Language", show=False),
    ]

    def __init__(self, service: ServiceDetail) -> None:
        super().__init__()
        self.service = service
        """The service as shown; replaced by the same service in the new language when the language changes."""
        self.shown_language = ""
        """The language the service's texts are in (the app's when the screen opens)."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="page"):
            yield Static(id="name")
            yield Static(id="summary")
            yield StatusLine(id="needs-card", classes="notice")  # read with the page's title
            yield PrinterNotice()
            yield Static(id="details")
        with Horizontal(id="bottom"):
            yield KioskButton(id="start", variant="primary")
            yield KioskButton(id="back")
            yield LanguageButton()

    def on_mount(self) -> None:
        # Runs before the base class's on_mount (which calls translate): the navigation read the service in
        # the app's language.
        self.shown_language = self.kiosk.language
        self.query_one("#start", KioskButton).focus()

    def translate(self) -> None:
        self.query_one("#start", KioskButton).label = self.t("browse.start.start")
        self.query_one("#back", KioskButton).label = self.t("browse.start.back")
        self.show_service()
        if self.shown_language != self.kiosk.language:
            self.relabel(self.service.code, self.kiosk.language)

    def show_service(self) -> None:
        """Render the service's own texts (they come from the portal, in the language it was read in)."""
        service = self.service
        self.query_one("#name", Static).update(service.name)
        self.query_one("#summary", Static).update(service.summary.summary)
        needs_card = self.query_one("#needs-card", StatusLine)
        offered = self.offered
        needs_card.display = service.summary.assurance == "card" or not offered
        if offered:
            needs_card.update(self.t("browse.start.needs_card"))
        else:
            needs_card.update(f"{self.t('address_card.not_for_card')}\n{self.t('address_card.what_instead')}")
        start = self.query_one("#start", KioskButton)
        if start.display and not offered:
            self.query_one("#back", KioskButton).focus()
        start.display = offered
        self.query_one("#details", Static).update(self.details())

    @property
    def offered(self) -> bool:
        """False when the card in the reader cannot be used for this service (no card yet: True)."""
        session = self.kiosk.session
        profile = getattr(session.identity, "profile", None) if session is not None else None
        return offered_to_card(self.service.code, profile)

    def details(self) -> str:
        """The start page's sections, each a heading and its text; lists as bullets."""
        service = self.service
        page = service.start_page
        # From the amount, in the screen's language (the portal's display text is Portuguese only).
        fee = (
            format_money(service.summary.fee, self.kiosk.language)
            if service.summary.fee
            else self.t("browse.free")
        )
        sections: list[tuple[str, str]] = []
        if page is not None:
            needed = _bullets(page.what_you_need) or self.t("browse.start.nothing_needed")
            sections += [
                ("what_it_does", page.what_it_does),
                ("who_can_use", page.who_can_use),
                ("what_you_need", needed),
            ]
        sections.append(("fee", fee))
        if page is not None:
            sections += [("how_long", page.how_long), ("other_channels", _bullets(page.other_channels))]
        sections.append(("body", service.body))
        return "\n\n".join(
            f"[b]{self.t(f'browse.start.{key}')}[/b]\n{_escape(value)}" for key, value in sections if value
        )

    @work(exclusive=True, group="start-page", exit_on_error=False)
    async def relabel(self, code: str, language: str) -> None:
        """The same service in the new language (the portal client's cache answers when the portal is away)."""
        try:
            service = await self.kiosk.core.service(code, language)
        except PortalError:
            return  # keep showing it in the language it was read in: still right, just not translated
        self.service = service
        self.shown_language = language
        self.show_service()

    @on(KioskButton.Pressed, "#start")
    def start(self) -> None:
        if self.offered:
            self.dismiss(True)

    @on(KioskButton.Pressed, "#back")
    def action_back(self) -> None:
        self.dismiss(False)


def _bullets(items: tuple[str, ...]) -> str:
    return "\n".join(f"• {item}" for item in items)


def _escape(value: str) -> str:
    """Portal texts are shown as they are, never read as markup."""
    return value.replace("[", "\\[")
