"""Finding a service, through Pilot against the real portal under uvicorn: home (ways in, search while typing,
language switch, offline), a service's start page and the person's own applications; by keys and by clicks."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Input, Static

from kiosk.client import PortalClient
from kiosk.client.cache import CatalogCache
from kiosk.client.models import StatusChange, Submission
from kiosk.config import Settings
from kiosk.embedded import EmbeddedPortal
from kiosk.i18n import _flatten
from kiosk.money import format_money
from kiosk.services.models import ApplicationInfo, IssuedDocumentInfo
from kiosk.session import CitizenSession
from screens.app import KioskApp
from screens.citizen.home import HomeScreen, TopicButton
from screens.citizen.my_applications import MyApplicationsScreen, ReprintButton
from screens.citizen.service_start import ServiceStartScreen
from screens.messages import Finish, MyApplications, OpenService, ReprintRequested
from screens.widgets.search_box import SearchBox
from screens.widgets.service_list import ServiceButton
from tests.helpers import click, wait_until

ALL_SERVICES = 34
ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "kiosk" / "i18n"
BROWSE_SCREENS = [
    ROOT / "screens" / "citizen" / "home.py",
    ROOT / "screens" / "citizen" / "service_start.py",
    ROOT / "screens" / "citizen" / "my_applications.py",
    ROOT / "screens" / "widgets" / "service_list.py",
    ROOT / "screens" / "widgets" / "search_box.py",
]


class BrowseKiosk(KioskApp):
    """The kiosk talking to the portal the test started; no reader, printer or outbox workers, so what shows
    depends only on the catalog (and the pictures are the same at every run)."""

    def __init__(self, settings: Settings, portal_url: str, token: str, *, cache: Path | None = None) -> None:
        super().__init__(settings)
        self.portal_url = portal_url
        self.token = token
        self.cache = cache

    def start_services(self) -> None:
        cache = CatalogCache(self.cache) if self.cache else None
        self.core.portal_service.client = PortalClient(self.portal_url, self.token, cache=cache)
        self._set_portal_status("attract.portal_ready")


@pytest.fixture
def portal(running_portal: tuple[EmbeddedPortal, str]) -> tuple[str, str]:
    embedded, token = running_portal
    return embedded.url, token


def browse_app(
    settings: Settings, portal: tuple[str, str], language: str = "pt", **options: Path
) -> BrowseKiosk:
    app = BrowseKiosk(settings, *portal, **options)
    app.language = language
    return app


def home(app: KioskApp) -> HomeScreen:
    screen = app.screen
    assert isinstance(screen, HomeScreen), screen
    return screen


def listed(app: KioskApp) -> list[str]:
    return [button.service.code for button in app.screen.query(ServiceButton)]


def shown(app: KioskApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def open_home(pilot: Pilot[int], app: KioskApp) -> HomeScreen:
    """The home screen, its catalog shown (every service, A to Z, until a topic is chosen)."""
    await wait_until(pilot, lambda: app.core.portal is not None, "the portal client")
    await app.push_screen(HomeScreen())
    await wait_until(pilot, lambda: len(listed(app)) == ALL_SERVICES, "the catalog on the home screen")
    return home(app)


async def focus_by_tab(pilot: Pilot[int], app: KioskApp, widget_id: str, limit: int = 60) -> None:
    for _ in range(limit):
        if app.focused is not None and app.focused.id == widget_id:
            return
        await pilot.press("tab")
    raise AssertionError(f"Tab never reached #{widget_id}")


# --- home -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "query", "expected"), [("pt", "certidao", "BIRTH-CERT"), ("en", "birth", "BIRTH-CERT")]
)
async def test_search_while_typing_finds_the_birth_certificate(
    demo_settings: Settings, portal: tuple[str, str], language: str, query: str, expected: str
) -> None:
    app = browse_app(demo_settings, portal, language)
    async with app.run_test(size=(100, 36)) as pilot:
        screen = await open_home(pilot, app)
        assert app.focused is not None
        assert app.focused.id == "search-input"
        await pilot.press(*query)  # no Enter: results follow the keys
        await wait_until(pilot, lambda: expected in listed(app), f"{expected} in the results")
        assert len(listed(app)) < ALL_SERVICES
        assert query in shown(app, "#results-heading")
        assert screen.query_one(SearchBox).value == query

        await pilot.press("escape")  # clears the search: the chosen topic (all services) again
        await wait_until(pilot, lambda: len(listed(app)) == ALL_SERVICES, "the list back after clearing")


async def test_nonsense_search_says_nothing_was_found(demo_settings: Settings, portal: tuple[str, str]) -> None:
    app = browse_app(demo_settings, portal, "en")
    async with app.run_test(size=(100, 36)) as pilot:
        await open_home(pilot, app)
        await pilot.press(*"xyzzy")
        await wait_until(pilot, lambda: not listed(app), "an empty result")
        assert "No service found" in shown(app, "#results-heading")


async def test_life_event_by_keys_lists_its_services_and_opens_one(
    demo_settings: Settings, portal: tuple[str, str]
) -> None:
    messages: list[Message] = []
    app = browse_app(demo_settings, portal, "pt")
    async with app.run_test(size=(100, 36), message_hook=messages.append) as pilot:
        screen = await open_home(pilot, app)
        assert screen.catalog is not None
        expected = [service.code for service in screen.catalog.in_life_event("having-a-baby")]
        assert expected

        await focus_by_tab(pilot, app, "topic-having-a-baby")
        await pilot.press("enter")
        await wait_until(pilot, lambda: listed(app) == expected, "the life event's services")
        assert "Ter um bebé" in shown(app, "#results-heading")
        assert "▸" in str(
            screen.query_one("#topic-having-a-baby", TopicButton).render()
        )  # marked, not by colour
        assert app.focused is not None
        assert app.focused.id == f"service-{expected[0]}"

        await pilot.press("enter")
        opened = [message.code for message in messages if isinstance(message, OpenService)]
        assert opened == [expected[0]]
        await wait_until(pilot, lambda: isinstance(app.screen, ServiceStartScreen), "the start page")
        await pilot.press("escape")  # Back: to the list, as it was
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "the home screen again")


@pytest.mark.parametrize("language", ["pt", "en"])
async def test_click_on_a_service_posts_open_service(
    demo_settings: Settings, portal: tuple[str, str], language: str
) -> None:
    messages: list[Message] = []
    app = browse_app(demo_settings, portal, language)
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        screen = await open_home(pilot, app)
        await click(pilot, "#way-themes")
        assert screen.way == "themes"
        assert screen.catalog is not None
        theme = screen.catalog.themes[0]
        await click(pilot, f"#topic-{theme.code}")
        expected = [service.code for service in screen.catalog.in_theme(theme.code)]
        await wait_until(pilot, lambda: listed(app) == expected, "the theme's services")
        await click(pilot, f"#service-{expected[0]}")
        assert [m.code for m in messages if isinstance(m, OpenService)] == [expected[0]]
        await wait_until(pilot, lambda: isinstance(app.screen, ServiceStartScreen), "the start page")


async def test_every_service_is_reachable_from_the_three_ways_in(
    demo_settings: Settings, portal: tuple[str, str]
) -> None:
    app = browse_app(demo_settings, portal, "en")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_home(pilot, app)
        reached: set[str] = set()
        for way in ("life_events", "themes", "user_groups"):
            await click(pilot, f"#way-{way}")
            topics = [button.code for button in screen.query(TopicButton) if button.code != "all"]
            assert topics, way
            for code in topics:
                reached |= {service.code for service in screen.services_of(code)}
        assert len(reached) == ALL_SERVICES


async def test_language_switch_keeps_the_typed_search(demo_settings: Settings, portal: tuple[str, str]) -> None:
    app = browse_app(demo_settings, portal, "pt")
    async with app.run_test(size=(100, 36)) as pilot:
        screen = await open_home(pilot, app)
        await pilot.press(*"certidao")
        await wait_until(pilot, lambda: "BIRTH-CERT" in listed(app), "the birth certificate")
        await click(pilot, "#language")
        await wait_until(pilot, lambda: screen.catalog_language == "en", "the switch")

        def birth_in_english() -> bool:
            buttons = [b for b in screen.query(ServiceButton) if b.service.code == "BIRTH-CERT"]
            return bool(buttons) and "Birth certificate" in str(buttons[0].render())

        await wait_until(pilot, birth_in_english, "the results in English")
        assert screen.query_one(SearchBox).value == "certidao"
        assert screen.query_one("#search-input", Input).placeholder.startswith("Type")
        assert "Life events" in str(screen.query_one("#way-life_events").render())


async def test_greeting_my_applications_and_finish(demo_settings: Settings, portal: tuple[str, str]) -> None:
    messages: list[Message] = []
    app = browse_app(demo_settings, portal, "en")
    async with app.run_test(size=(100, 36), message_hook=messages.append) as pilot:
        screen = await open_home(pilot, app)
        assert "without a card" in shown(app, "#greeting")
        assert not screen.query_one("#my-applications").display  # nothing personal without the card
        app.pop_screen()

        app.session = CitizenSession(holder_name="Maria Exemplo")
        screen = await open_home(pilot, app)
        assert "Hello, Maria Exemplo" in shown(app, "#greeting")
        assert screen.query_one("#my-applications").display
        # Stop the navigation acting on them: only what the screen posts matters here.
        app.navigation.my_applications = lambda: None  # type: ignore[method-assign]
        app.navigation.finish = lambda: None  # type: ignore[method-assign]
        await click(pilot, "#my-applications")
        await click(pilot, "#finish")
        await pilot.pause()
        assert any(isinstance(m, MyApplications) for m in messages)
        assert any(isinstance(m, Finish) for m in messages)


async def test_offline_the_catalog_comes_from_the_cache_and_says_so(
    demo_settings: Settings, running_portal: tuple[EmbeddedPortal, str], tmp_path: Path
) -> None:
    embedded, token = running_portal
    app = browse_app(demo_settings, (embedded.url, token), "en", cache=tmp_path / "cache")
    async with app.run_test(size=(100, 36)) as pilot:
        await open_home(pilot, app)
        assert not app.screen.query_one("#catalog-notice").display
        app.pop_screen()
        embedded.stop()  # the portal goes away; the kiosk stays up
        await app.push_screen(HomeScreen())
        await wait_until(pilot, lambda: app.screen.query_one("#catalog-notice").display, "the offline notice")
        assert "cannot be reached" in shown(app, "#catalog-notice")
        assert "saved on this kiosk" in shown(app, "#catalog-notice")
        await wait_until(pilot, lambda: len(listed(app)) == ALL_SERVICES, "the cached catalog")


# --- a service's start page -----------------------------------------------------------------------------------


async def open_start(
    pilot: Pilot[int], app: KioskApp, code: str, results: list[bool | None]
) -> ServiceStartScreen:
    await wait_until(pilot, lambda: app.core.portal is not None, "the portal client")
    service = await app.core.service(code, app.language)
    screen = ServiceStartScreen(service)
    await app.push_screen(screen, callback=results.append)
    await pilot.pause()
    return screen


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "pt",
            ["O que é", "Quem pode pedir", "O que precisa", "Custo", "Quanto tempo", "Entidade responsável"],
        ),
        ("en", ["What it does", "Who can use it", "What you need", "Cost", "How long", "Responsible body"]),
    ],
)
async def test_start_page_tells_everything_then_start_or_back(
    demo_settings: Settings, portal: tuple[str, str], language: str, words: list[str]
) -> None:
    app = browse_app(demo_settings, portal, language)
    async with app.run_test(size=(120, 40)) as pilot:
        results: list[bool | None] = []
        screen = await open_start(pilot, app, "BIRTH-CERT", results)
        details = shown(app, "#details")
        for word in words:
            assert word in details
        assert screen.service.name in shown(app, "#name")
        assert screen.query_one("#needs-card").display == (screen.service.summary.assurance == "card")
        assert app.focused is not None
        assert app.focused.id == "start"
        await pilot.press("enter")
        assert results == [True]

        await open_start(pilot, app, "BIRTH-CERT", results)
        await click(pilot, "#back")
        await open_start(pilot, app, "BIRTH-CERT", results)
        await pilot.press("escape")
        assert results == [True, False, False]


async def test_start_page_says_free_or_the_fee_and_follows_the_language(
    demo_settings: Settings, portal: tuple[str, str]
) -> None:
    app = browse_app(demo_settings, portal, "pt")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.core.portal is not None, "the portal client")
        services = await app.core.services("pt")
        free = next(s for s in services if s.fee is None)
        paid = next(s for s in services if s.fee is not None and s.assurance == "card")

        screen = await open_start(pilot, app, free.code, [])
        assert "Gratuito" in shown(app, "#details")
        app.pop_screen()

        assert paid.fee is not None
        screen = await open_start(pilot, app, paid.code, [])
        assert format_money(paid.fee, "pt") in shown(app, "#details")
        assert "PIN" in shown(app, "#needs-card")
        await pilot.press("l")
        await wait_until(pilot, lambda: screen.shown_language == "en", "the page in English")
        assert "Cost" in shown(app, "#details")
        assert f"€{paid.fee:.2f}" in shown(app, "#details")  # the amount follows the language too
        assert "PIN" in shown(app, "#needs-card")
        assert "You need" in shown(app, "#needs-card")
        assert screen.service.code == paid.code


# --- my applications -----------------------------------------------------------------------------------------


def sample_applications() -> list[ApplicationInfo]:
    certificate = IssuedDocumentInfo("doc-1", "Certidão de nascimento", "Maria Exemplo", None, None, "birth")
    return [
        ApplicationInfo(
            "KIOSK-2026-000042", "BIRTH-CERT", "completed", "2026-11-30T10:15:00+00:00", None, (certificate,)
        ),
        ApplicationInfo(
            "KIOSK-2026-000041",
            "ADDRESS-CHANGE",
            "awaiting_confirmation",
            "2026-11-29T09:00:00+00:00",
            None,
            (),
            (
                StatusChange("submitted", "2026-11-29T09:00:00+00:00"),
                StatusChange("awaiting_confirmation", "2026-11-29T09:01:00+00:00", "letter sent"),
            ),
        ),
    ]


def test_browse_texts_exist_in_both_languages() -> None:
    def keys(language: str) -> set[str]:
        with (I18N / language / "browse.toml").open("rb") as file:
            return set(_flatten(tomllib.load(file)))

    assert keys("pt") == keys("en")
    used = set(re.findall(r'"(browse\.[a-z_.]+)"', "".join(path.read_text() for path in BROWSE_SCREENS)))
    assert used, "the screens name their texts"
    assert used <= keys("en")


def test_a_listed_application_keeps_its_history() -> None:
    listed = Submission.from_json(
        {
            "reference": "R-1",
            "status": "completed",
            "history": [{"status": "submitted", "note": "", "at": "2026-11-29T09:00:00+00:00"}],
        }
    )
    assert listed.history == (StatusChange("submitted", "2026-11-29T09:00:00+00:00"),)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("pt", ["Concluído", "A aguardar a sua confirmação", "30/11/2026", "Histórico", "29/11/2026 09:01"]),
        ("en", ["Completed", "Waiting for you", "30/11/2026", "History", "29/11/2026 09:00: Received"]),
    ],
)
async def test_my_applications_show_status_in_words_and_print_again(
    demo_settings: Settings, portal: tuple[str, str], language: str, words: list[str]
) -> None:
    messages: list[Message] = []
    app = browse_app(demo_settings, portal, language)
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await wait_until(pilot, lambda: app.core.portal is not None, "the portal client")
        app.navigation.reprint = lambda reference: None  # type: ignore[method-assign]
        results: list[None] = []
        screen = MyApplicationsScreen(sample_applications())
        await app.push_screen(screen, callback=results.append)
        await wait_until(pilot, lambda: screen.names_language == language, "the services' names")
        text = " ".join(str(facts.render()) for facts in screen.query(".facts").results(Static))
        for word in words:
            assert word in text
        assert "KIOSK-2026-000042" in text
        assert "KIOSK-2026-000041" in text
        birth = "Certidão de nascimento" if language == "pt" else "Birth certificate"
        assert birth in text  # the name, not the code

        buttons = list(screen.query(ReprintButton))
        assert [button.reference for button in buttons] == ["KIOSK-2026-000042"]  # only one has documents
        await click(pilot, f"#{buttons[0].id}")
        assert [m.reference for m in messages if isinstance(m, ReprintRequested)] == ["KIOSK-2026-000042"]

        await pilot.press("escape")
        assert results == [None]


async def test_my_applications_when_there_are_none(demo_settings: Settings, portal: tuple[str, str]) -> None:
    app = browse_app(demo_settings, portal, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(MyApplicationsScreen([]))
        await pilot.pause()
        assert "no applications yet" in shown(app, "#none")
        await click(pilot, "#back")
        assert not isinstance(app.screen, MyApplicationsScreen)


# --- the smallest terminal ----------------------------------------------------------------------------------


def on_screen(app: KioskApp, selector: str) -> bool:
    """The widget is shown whole inside the terminal (not cut off, not pushed out)."""
    region = app.screen.query_one(selector).region
    return region.area > 0 and app.screen.region.contains_region(region)


async def test_nothing_important_is_cut_off_at_60x20(demo_settings: Settings, portal: tuple[str, str]) -> None:
    app = browse_app(demo_settings, portal, "pt")
    app.session = CitizenSession(holder_name="Maria Exemplo")
    async with app.run_test(size=(60, 20)) as pilot:
        await open_home(pilot, app)
        await pilot.pause(0.5)  # the service buttons just mounted get their places on the next layout
        for selector in (
            "#greeting", "#search-input", "#way-life_events", "#way-themes", "#way-user_groups",
            "#topic-moving-house", "#results-heading", "#my-applications", "#finish", "#language",
        ):  # fmt: skip
            assert on_screen(app, selector), selector
        assert on_screen(app, "ServiceButton")

        service = await app.core.service("BIRTH-CERT", "pt")
        await app.push_screen(ServiceStartScreen(service))
        await pilot.pause()
        for selector in ("#name", "#start", "#back"):
            assert on_screen(app, selector), selector
