"""The person's own applications: reference, service, status in words, date and history; print again the
documents of one (posts ReprintRequested(reference), which the navigation handles); ask for a new company
certificate code (posts CompanyCodeRequested, with the NIPC of a company the person registered); Back."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from kiosk.client import PortalError
from screens.base import KioskScreen, TitleBar
from screens.messages import CompanyCodeRequested, ReprintRequested
from screens.widgets.buttons import KioskButton, LanguageButton

if TYPE_CHECKING:
    from kiosk.services.models import ApplicationInfo

__all__ = ["MyApplicationsScreen", "ReprintButton", "ReprintRequested"]


class ReprintButton(KioskButton):
    """'Print again' for one application that has documents."""

    def __init__(self, reference: str, index: int) -> None:
        # References are the portal's: the widget id is the position, the reference rides on the button.
        super().__init__(id=f"reprint-{index}")
        self.reference = reference


class MyApplicationsScreen(KioskScreen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back", show=False),
        Binding("l", "app.switch_language", "Language", show=False),
    ]

    def __init__(self, applications: Sequence[ApplicationInfo]) -> None:
        super().__init__()
        self.applications = list(applications)
        self.service_names: dict[str, str] = {}
        """Service names by code in ``names_language``, from the catalog (the code stands in until then)."""
        self.names_language = ""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="heading")
        with VerticalScroll(id="applications"):
            yield Static(id="none")
            for index, application in enumerate(self.applications):
                with Vertical(classes="application"):
                    yield Static(classes="facts")
                    if application.documents:
                        yield ReprintButton(application.reference, index)
            # A partner or whoever registered a company may need its code (a company paid later never had it
            # shown): offered to everyone signed in, since partners who did not apply have no application here.
            yield KioskButton(id="company-code")
        with Horizontal(id="bottom"):
            yield KioskButton(id="back")
            yield LanguageButton()

    def on_mount(self) -> None:
        self.query_one("#back", KioskButton).focus()

    def translate(self) -> None:
        self.query_one("#heading", Static).update(self.t("browse.apps.heading"))
        none = self.query_one("#none", Static)
        none.update(self.t("browse.apps.none"))
        none.display = not self.applications
        self.query_one("#back", KioskButton).label = self.t("browse.apps.back")
        self.query_one("#company-code", KioskButton).label = self.t("company_code.open")
        for button in self.query(ReprintButton):
            button.label = self.t("browse.apps.print_again", reference=button.reference)
        self.show_facts()
        if self.names_language != self.kiosk.language:
            self.load_names(self.kiosk.language)

    def show_facts(self) -> None:
        for application, facts in zip(self.applications, self.query(".facts").results(Static), strict=True):
            facts.update(self.describe(application))

    def describe(self, application: ApplicationInfo) -> str:
        """One application in words: service, reference, status, date, documents and history."""
        name = self.service_names.get(application.service_code, application.service_code)
        lines = [
            f"[b]{_escape(name)}[/b]",
            self.t("browse.apps.reference", reference=application.reference),
            self.t("browse.apps.status", status=self.status_words(application.status)),
            self.t("browse.apps.date", date=_date(application.created_at)),
        ]
        if application.documents:
            lines.append(self.t("browse.apps.documents", count=len(application.documents)))
        if application.history:
            lines.append(self.t("browse.apps.history"))
            for change in application.history:
                step = self.t(
                    "browse.apps.history_line",
                    date=_date(change.at, with_time=True),
                    status=self.status_words(change.status),
                )
                lines.append(f"• {step}")
        return "\n".join(lines)

    def status_words(self, status: str) -> str:
        """A status as a person says it; an unknown one as the portal named it."""
        words = self.t(f"browse.status.{status}")
        return status if words == f"browse.status.{status}" else words

    @work(exclusive=True, group="application-names", exit_on_error=False)
    async def load_names(self, language: str) -> None:
        """The services' names in the language (from the client's cache when the portal is away)."""
        try:
            services = await self.kiosk.core.services(language)
        except PortalError:
            return  # the codes stay: still the right applications, only less friendly
        self.service_names = {service.code: service.name for service in services}
        self.names_language = language
        self.show_facts()

    @on(KioskButton.Pressed, "ReprintButton")
    def reprint(self, event: KioskButton.Pressed) -> None:
        assert isinstance(event.button, ReprintButton)
        event.stop()
        self.notify(self.t("browse.apps.printing", reference=event.button.reference), timeout=6)
        self.post_message(ReprintRequested(event.button.reference))

    @on(KioskButton.Pressed, "#company-code")
    def company_code(self, event: KioskButton.Pressed) -> None:
        from kiosk.services.company_code import registered_nipcs

        event.stop()
        nipcs = registered_nipcs(self.applications)
        self.post_message(CompanyCodeRequested(nipcs[0] if nipcs else ""))

    @on(KioskButton.Pressed, "#back")
    def action_back(self) -> None:
        self.dismiss(None)


def _date(value: str, *, with_time: bool = False) -> str:
    """An ISO date-time as a person in Portugal reads it (dd/mm/yyyy, and hh:mm when asked)."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    return moment.strftime("%d/%m/%Y %H:%M" if with_time else "%d/%m/%Y")


def _escape(value: str) -> str:
    return value.replace("[", "\\[")
