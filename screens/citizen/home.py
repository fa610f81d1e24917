"""Home: find a service by life event, theme, who you are, or by searching while you type.

The catalog (services, life events, themes, user groups) is read once per language through the portal client's
ETag cache, so the list still shows while the portal is away, and the screen says so. Choosing a service posts
OpenService(code); the navigation opens its start page.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from kiosk.client import PortalError, ServiceSummary
from screens.base import KioskScreen, TitleBar
from screens.messages import ConfirmAddressCode, Finish, MyApplications, StartBundle
from screens.widgets.action_bar import ActionBar
from screens.widgets.buttons import KioskButton, LanguageButton
from screens.widgets.printer_notice import PrinterNotice
from screens.widgets.search_box import SearchBox
from screens.widgets.service_list import ServiceButton, ServiceList
from screens.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from kiosk.client import PortalClient
    from kiosk.journey.catalog import Catalog, Taxon
    from kiosk.journey.search import ServiceSearch

__all__ = ["HomeScreen", "ServiceButton", "TopicButton"]

WAYS = ("life_events", "themes", "user_groups")
"""The three ways in, in the order their buttons show."""
ALL = "all"
"""The topic that lists every service, A to Z, whatever the way in: nothing is ever out of reach."""
SEARCH_LIMIT = 12
PORTAL_WAIT_SECONDS = 30.0
"""How long the screen waits for a portal that is still starting before it says it cannot be reached."""
SEARCH_SETTLE_SECONDS = 0.8
"""The result count is said once the person pauses in typing, not after every key."""


class TopicButton(KioskButton):
    """A life event, theme or user group (or 'all services') that lists its services when chosen."""

    def __init__(self, code: str, name: str, description: str) -> None:
        super().__init__(name, id=f"topic-{code}")
        self.code = code
        self.topic_name = name
        self.description = description


class HomeScreen(KioskScreen[None]):
    """On a short terminal (the class -short, screens/base.py) the list keeps the room (home.tcss)."""

    BINDINGS = [
        # Home opens with the focus in the search box, which eats R and "/" as letters: Escape is the key named
        # on Finish (the box takes the first Escape to empty itself, SearchBox.check_action); R works off it.
        Binding("escape", "finish", "Finish", show=False),
        Binding("r", "finish", "Finish", show=False),
        Binding("l", "app.switch_language", "Language", show=False),
        Binding("slash", "focus_search", "Search", show=False),
    ]

    catalog: Catalog | None = None
    """The catalog in ``catalog_language``; None until the first read."""
    catalog_language = ""
    way = "life_events"
    """The way in whose topics are listed."""
    topic = ALL
    """The code of the chosen topic (in ``way``), or ALL."""
    _search: ServiceSearch | None = None

    def __init__(self) -> None:
        super().__init__()
        self._replacing_topics = asyncio.Lock()

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="greeting")
        yield StatusLine(id="catalog-notice", classes="notice")
        yield PrinterNotice()
        # The search and the ways in: one above the other, or one row on a short screen with larger text.
        with Vertical(id="find"):
            yield SearchBox(id="search")
            with Horizontal(id="ways"):
                for way in WAYS:
                    yield KioskButton(id=f"way-{way}")
        with Horizontal(id="browse"):
            yield VerticalScroll(id="topics")
            with Vertical(id="results"):
                yield StatusLine(id="results-heading", settle=SEARCH_SETTLE_SECONDS)
                yield Static(id="results-description")
                yield KioskButton(id="bundle-start", variant="primary")
                yield ServiceList(id="services")
        with ActionBar(id="bottom"):
            yield KioskButton(id="my-applications", variant="primary")
            yield KioskButton(id="confirm-code")
            yield KioskButton(id="finish", variant="warning")
            yield LanguageButton()

    def on_mount(self) -> None:
        # (Textual also runs the base class's on_mount, which calls translate and follows the language.)
        self.query_one("#catalog-notice").display = False
        self.query_one(SearchBox).focus_field()

    # --- texts -----------------------------------------------------------------------------------------------

    def translate(self) -> None:
        session = self.kiosk.session
        greeting = self.t("browse.greeting", name=session.holder_name) if session else self.t("browse.no_card")
        self.query_one("#greeting", Static).update(greeting)
        self.query_one(SearchBox).translate(self.kiosk.language)
        self._label_ways()
        applications = self.query_one("#my-applications", KioskButton)
        applications.label = self.t("browse.my_applications")
        applications.display = session is not None  # one's own applications need the card
        confirm_code = self.query_one("#confirm-code", KioskButton)
        confirm_code.label = self.t("j2.code.entry")
        confirm_code.display = session is not None  # the code completes one's own change of address
        self.query_one("#finish", KioskButton).label = self.t("browse.finish")
        if self.catalog_language != self.kiosk.language:
            # The services and topics come in the new language from the portal (or its cache); what was typed
            # in the search box and the chosen topic stay.
            self.catalog_language = self.kiosk.language
            self.load(self.kiosk.language)

    def _label_ways(self) -> None:
        for way in WAYS:
            button = self.query_one(f"#way-{way}", KioskButton)
            label = self.t(f"browse.way_{way}")
            # The chosen way is marked by a sign and a shape as well as by colour.
            button.label = self.t("browse.selected", label=label) if way == self.way else label
            button.set_class(way == self.way, "-selected")

    # --- the catalog -----------------------------------------------------------------------------------------

    @work(exclusive=True, group="catalog", exit_on_error=False)
    async def load(self, language: str) -> None:
        """Read the catalog in the language (from the cache when the portal is away) and show it."""
        from kiosk.journey.catalog import load_catalog
        from kiosk.journey.search import search_index

        heading = self.query_one("#results-heading", StatusLine)
        if self.catalog is None:
            heading.update(self.t("browse.loading"))
        client = await self._portal_client()
        notice = self.query_one("#catalog-notice", StatusLine)
        if client is None:
            self._say(notice, self.t("browse.unavailable"))
            heading.update("")
            return
        try:
            catalog = await load_catalog(client, language)
        except PortalError:
            # Down and nothing cached yet: say so plainly (the app's status line says the same).
            self._say(notice, self.t("browse.unavailable"))
            heading.update("")
            return
        self._say(notice, self.t("browse.offline") if client.offline else "")
        self.catalog = catalog
        self._search = search_index(catalog)
        if self.topic != ALL and all(self.topic != taxon.code for taxon in self._taxa()):
            self.topic = ALL
        await self._show_topics()
        await self._show_results()

    async def _portal_client(self) -> PortalClient | None:
        """The portal client once the app has it; None when the portal did not come up in time."""
        deadline = time.monotonic() + PORTAL_WAIT_SECONDS
        while self.kiosk.core.portal is None:
            if self.kiosk.portal_status_key == "attract.portal_down" or time.monotonic() > deadline:
                return None
            await asyncio.sleep(0.2)
        return self.kiosk.core.portal

    @staticmethod
    def _say(notice: StatusLine, message: str) -> None:
        notice.update(message)
        notice.display = bool(message)

    def _taxa(self) -> Sequence[Taxon]:
        if self.catalog is None:
            return ()
        taxa: dict[str, Sequence[Taxon]] = {
            "life_events": self.catalog.life_events,
            "themes": self.catalog.themes,
            "user_groups": self.catalog.user_groups,
        }
        return taxa[self.way]

    def services_of(self, topic: str) -> list[ServiceSummary]:
        """The services of a topic of the current way in, or every service A to Z."""
        if self.catalog is None:
            return []
        if topic == ALL:
            return sorted(self.catalog.services, key=lambda service: service.name.casefold())
        lists = {
            "life_events": self.catalog.in_life_event,
            "themes": self.catalog.in_theme,
            "user_groups": self.catalog.for_group,
        }
        return lists[self.way](topic)

    # --- showing ---------------------------------------------------------------------------------------------

    async def _show_topics(self) -> None:
        box = self.query_one("#topics", VerticalScroll)
        async with self._replacing_topics:  # the catalog worker and a chosen way may both replace them
            await self._replace_topics(box)

    async def _replace_topics(self, box: VerticalScroll) -> None:
        await box.remove_children()
        buttons = [TopicButton(taxon.code, taxon.name, taxon.description) for taxon in self._taxa()]
        buttons.append(
            TopicButton(ALL, self.t("browse.all_services"), self.t("browse.all_services_description"))
        )
        for button in buttons:
            self._mark_topic(button)
        await box.mount_all(buttons)

    def _mark_topic(self, button: TopicButton) -> None:
        chosen = button.code == self.topic
        button.label = self.t("browse.selected", label=button.topic_name) if chosen else button.topic_name
        button.set_class(chosen, "-selected")

    async def _show_results(self) -> None:
        """The search results while something is typed, else the chosen topic's services."""
        query = self.query_one(SearchBox).value.strip()
        heading = self.query_one("#results-heading", StatusLine)
        if self.catalog is None or self._search is None:
            return
        self.query_one("#results-description", Static).update("" if query else self._topic_description())
        self._show_bundle("" if query else self.topic)
        if query:
            services = self._search.search(query, SEARCH_LIMIT)
            heading.update(
                self.t("browse.results", query=query) if services else self.t("browse.no_results", query=query)
            )
        else:
            services = self.services_of(self.topic)
            heading.update(self._topic_heading(len(services)))
        await self.query_one(ServiceList).show(services, self.kiosk.language)

    def _show_bundle(self, topic: str) -> None:
        """A life event whose services can be started together offers to: its bundle's button."""
        event = next((taxon for taxon in self._taxa() if taxon.code == topic), None)
        button = self.query_one("#bundle-start", KioskButton)
        button.display = self.way == "life_events" and event is not None and len(event.bundle) > 1
        button.label = self.t("j2.bundle.start")

    @on(KioskButton.Pressed, "#bundle-start")
    def start_bundle(self) -> None:
        self.post_message(StartBundle(self.topic))

    def _chosen_topic(self) -> TopicButton | None:
        return next((button for button in self.query(TopicButton) if button.code == self.topic), None)

    def _topic_heading(self, count: int) -> str:
        chosen = self._chosen_topic()
        counted = self.t("browse.count_one") if count == 1 else self.t("browse.count", count=count)
        return f"{chosen.topic_name} ({counted})" if chosen else counted

    def _topic_description(self) -> str:
        chosen = self._chosen_topic()
        return chosen.description if chosen else ""

    def on_resize(self) -> None:
        # A small terminal keeps the lists and the buttons and drops what only explains.
        self.set_class(self.size.width < 80 or self.size.height < 30, "-compact")

    # --- choices ---------------------------------------------------------------------------------------------

    def on_search_box_submitted(self, _event: SearchBox.Submitted) -> None:
        # Enter after typing goes straight to the first result, not through every button on the way.
        self.query_one(ServiceList).focus_first()

    async def on_search_box_changed(self, event: SearchBox.Changed) -> None:
        await self._show_results()

    @on(KioskButton.Pressed, "#ways KioskButton")
    async def choose_way(self, event: KioskButton.Pressed) -> None:
        way = (event.button.id or "").removeprefix("way-")
        if way == self.way:
            return
        self.way = way
        self.topic = ALL
        self._label_ways()
        await self._show_topics()
        await self._show_results()

    @on(KioskButton.Pressed, "TopicButton")
    async def choose_topic(self, event: KioskButton.Pressed) -> None:
        assert isinstance(event.button, TopicButton)
        self.topic = event.button.code
        for button in self.query(TopicButton):
            self._mark_topic(button)
        search = self.query_one(SearchBox)
        if search.value:
            search.value = ""  # a topic chosen after a search: the person moved on from the search
        await self._show_results()
        # Straight to the first service, so keys do not have to walk the rest of the topics.
        first = self.query(ServiceButton)
        if first:
            first.first().focus()

    @on(KioskButton.Pressed, "#my-applications")
    def my_applications(self) -> None:
        self.post_message(MyApplications())

    @on(KioskButton.Pressed, "#confirm-code")
    def confirm_code(self) -> None:
        self.post_message(ConfirmAddressCode())

    @on(KioskButton.Pressed, "#finish")
    def action_finish(self) -> None:
        self.post_message(Finish())

    def action_focus_search(self) -> None:
        self.query_one(SearchBox).focus_field()
