"""The citizen screens at 80x24 (the smallest terminal we support) and 60x20 (still usable), larger text on and
off, in both languages; the facts QA found broken, measured by the regions of the widgets on screen.

1. Home with larger text at 80x24 shows at least four services, and every service can be reached by keys (Tab)
   and touch (scrolled to, it is under its own centre); the search field's hint is one that fits it whole.
2. The attract screen at 80x24 shows "insert your card", browse, check a certificate, the language and every
   setting (speech ones too, when offered) without scrolling.
3. A notice that wraps to several lines at 60x20 pushes the page down: it covers neither the page nor "call a
   clerk".
4. The attract screen at 80x24 with a printer fault shown keeps all of 2. in sight, the fault's words whole.
5. With larger text at 80x24 every citizen page and dialog keeps its main action and "Back" in sight, and larger
   text hides no more of the page than without it (the short layout, screens/base.py, on every screen).
6. A notice that wraps to several lines over a dialog at 60x20 covers none of it: the dialog is laid out below
   the notice, and each of its buttons, scrolled to, can be touched.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input
from textual.widgets._toast import Toast, ToastRack

from kiosk.card.identity import PinKind
from kiosk.card.pins import PinTries
from kiosk.client.models import Taxon
from kiosk.config import Settings
from kiosk.i18n import text
from kiosk.journey.bundle import Bundle
from kiosk.journey.journey import Journey
from kiosk.session import CitizenSession
from printing.texts import text as printing_text
from screens.app import KioskApp
from screens.citizen.attract import AttractScreen
from screens.citizen.bundle_start import BundleStartScreen
from screens.citizen.confirmation import ConfirmationScreen
from screens.citizen.home import HomeScreen
from screens.citizen.service_start import ServiceStartScreen
from screens.dialogs.idle import IdleDialog
from screens.dialogs.pin import PinDialog
from screens.widgets.buttons import KioskButton
from screens.widgets.call_clerk import ClerkHeader
from screens.widgets.printer_notice import PrinterNotice
from screens.widgets.search_box import PLACEHOLDERS
from screens.widgets.service_list import ServiceButton, ServiceList
from tests.helpers import click, wait_until
from tests.ui.entry_helpers import StillKiosk, in_view
from tests.ui.questions_helpers import PageDriver, service
from tests.ui.screen_regions import (
    LANGUAGES,
    README_SIZE,
    SMALLEST,
    USABLE,
    assert_apart,
    fixed_controls,
    styled,
    whole,
)
from tests.ui.speech_helpers import capture_command, with_speech
from tests.ui.test_browse_screens import ALL_SERVICES, browse_app, listed, portal
from tests.ui.test_questions_pages import ADDRESS, CARD, confirmation

__all__ = ["portal"]  # the fixture, shared with test_browse_screens

NOTICE = {  # four or five lines in the title row at 60 columns
    "pt": "Não tem nenhuma alteração de morada à espera de confirmação. "
    "Se recebeu uma carta, peça ajuda no balcão.",
    "en": "You have no change of address waiting for confirmation. "
    "If you received a letter, ask at the counter.",
}


def services_in_sight(screen: Screen[Any]) -> list[ServiceButton]:
    """The services whose whole button can be seen: inside the list's viewport and the screen."""
    viewport = screen.query_one(ServiceList).region
    return [
        button
        for button in screen.query(ServiceButton)
        if viewport.contains_region(button.region) and screen.region.contains_region(button.region)
    ]


def search_hints(language: str) -> list[str]:
    return [text(language, f"browse.search.{key}") for key in PLACEHOLDERS]


# --- 1. home --------------------------------------------------------------------------------------------------


async def laid_out(pilot: Pilot[Any], app: KioskApp, large_text: bool) -> None:
    app.large_text = large_text
    await pilot.pause()
    await wait_until(
        pilot,
        lambda: all(button.region.height >= 3 for button in services_in_sight(app.screen)[:1]),
        "the list laid out again",
    )
    await pilot.pause(0.2)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", [SMALLEST, USABLE], ids=["80x24", "60x20"])
async def test_home_gives_the_list_the_room(
    demo_settings: Settings, portal: tuple[str, str], size: tuple[int, int], language: str
) -> None:
    app = browse_app(demo_settings, portal, language)
    app.session = CitizenSession(holder_name="Maria Exemplo")
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, lambda: styled(app), "every screen's styles")
        await wait_until(pilot, lambda: app.core.portal is not None, "the portal client")
        await app.push_screen(HomeScreen())
        await wait_until(pilot, lambda: len(listed(app)) == ALL_SERVICES, "the catalog")
        fewest = {SMALLEST: 4, USABLE: 1}
        for large_text in (False, True):
            await laid_out(pilot, app, large_text)
            screen = app.screen
            what = f"at {size}, larger text {'on' if large_text else 'off'}, in {language}"
            seen = services_in_sight(screen)
            assert len(seen) >= fewest[size], f"{len(seen)} services in sight {what}"
            assert all(button.region.height >= 3 for button in seen), f"a service under three rows {what}"
            controls = fixed_controls(screen)
            ids = {widget.id for widget in controls}
            assert {"call-clerk", "search-input", "finish", "language"} <= ids, what
            assert {f"way-{way}" for way in ("life_events", "themes", "user_groups")} <= ids, what
            for widget in controls:
                assert whole(widget, screen), f"{widget!r} is not all on screen {what}"
            search = screen.query_one("#search-input", Input)  # its hint whole, not cut to "Escreva o que"
            assert search.placeholder in search_hints(language), what
            assert cell_len(search.placeholder) <= search.content_region.width, f"the search hint cut {what}"
            list_region = screen.query_one(ServiceList).region
            assert_apart([*controls, screen.query_one(ServiceList)])
            assert screen.region.contains_region(list_region)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_every_service_is_reached_by_keys_and_touch_with_larger_text(
    demo_settings: Settings, portal: tuple[str, str], language: str
) -> None:
    app = browse_app(demo_settings, portal, language)
    app.session = CitizenSession(holder_name="Maria Exemplo")
    async with app.run_test(size=SMALLEST) as pilot:
        await wait_until(pilot, lambda: styled(app), "every screen's styles")
        await wait_until(pilot, lambda: app.core.portal is not None, "the portal client")
        await app.push_screen(HomeScreen())
        await wait_until(pilot, lambda: len(listed(app)) == ALL_SERVICES, "the catalog")
        await laid_out(pilot, app, True)
        screen = app.screen
        # Keys: Enter in the search box goes to the first service, Tab walks the rest, each one in sight.
        await pilot.press("enter")
        reached = []
        for _ in range(ALL_SERVICES):
            focused = app.focused
            assert isinstance(focused, ServiceButton), focused
            await wait_until(pilot, lambda: app.focused in services_in_sight(screen), f"{focused.id} in sight")
            reached.append(focused.service.code)
            await pilot.press("tab")
        assert sorted(reached) == sorted(listed(app))
        # Touch: each service, scrolled to, is what lies under its own centre; the last one opens when touched.
        for button in screen.query(ServiceButton):
            button.scroll_visible(animate=False, immediate=True)
            await pilot.pause()
            assert in_view(app, f"#{button.id}"), f"{button.id} cannot be touched"
        last = list(screen.query(ServiceButton))[-1]
        await click(pilot, f"#{last.id}")
        await wait_until(pilot, lambda: isinstance(app.screen, ServiceStartScreen), "the last service's page")


# --- 2. the attract screen ------------------------------------------------------------------------------------


def attract_kiosk(settings: Settings, language: str, speech: Path | None) -> StillKiosk:
    app = StillKiosk(with_speech(settings, capture_command(speech)) if speech else settings)
    app.language = language
    return app


async def choices_shown(pilot: Pilot[Any], app: StillKiosk, large_text: bool) -> AttractScreen:
    await wait_until(pilot, lambda: styled(app), "every screen's styles")
    app.large_text = large_text
    screen = app.screen
    assert isinstance(screen, AttractScreen)
    await wait_until(pilot, lambda: bool(screen.query("#options KioskButton")), "the choices")
    await wait_until(
        pilot, lambda: all(b.region.height >= 3 for b in screen.query(KioskButton)), "the choices laid out"
    )
    await pilot.pause(0.2)
    return screen


ATTRACT_MUST_SHOW = ["insert", "browse", "verify", "language", "larger-text", "high-contrast"]
SPEECH_SETTINGS = ["read-aloud", "say-numbers"]
PRINTER_FAULTS = ["printer.no_paper", "printer.jam", "printer.offline", "printer.door_open"]


def longest_fault(language: str) -> str:
    """The printer fault whose words are longest in ``language``: the notice at its tallest."""
    return max(PRINTER_FAULTS, key=lambda fault: len(printing_text(fault, language)))


@pytest.mark.parametrize("printer", [False, True], ids=["printer-ok", "printer-fault"])
@pytest.mark.parametrize("speech", [False, True], ids=["no-speech", "speech"])
@pytest.mark.parametrize("large_text", [False, True], ids=["normal", "larger"])
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", [SMALLEST, README_SIZE], ids=["80x24", "100x30"])
async def test_attract_shows_every_choice_without_scrolling(
    demo_settings: Settings,
    tmp_path: Path,
    language: str,
    large_text: bool,
    speech: bool,
    printer: bool,
    size: tuple[int, int],
) -> None:
    app = attract_kiosk(demo_settings, language, tmp_path / "said.jsonl" if speech else None)
    async with app.run_test(size=size) as pilot:
        if printer:  # as the printer watch sets it (StillKiosk runs none): shown before anyone starts
            app.printer_problem = longest_fault(language)
        screen = await choices_shown(pilot, app, large_text)
        panel = screen.query_one("#panel", VerticalScroll)
        assert panel.scroll_y == 0
        must = ATTRACT_MUST_SHOW + (SPEECH_SETTINGS if speech else []) + ["demo-card", "call-clerk"]
        notice = screen.query_one(PrinterNotice)
        assert notice.display is printer
        if printer:
            assert printing_text(longest_fault(language), language) in str(notice.render())
            assert whole(notice, screen), "the printer notice is cut off"  # its height is its words' (auto)
            assert panel.region.contains_region(notice.region), "the printer notice is below the fold"
        if printer and not speech and size == README_SIZE:  # room for what the kiosk does beside the notice
            assert screen.query_one("#lead").display, "the lead is hidden though it fits"
        widgets = [screen.query_one(f"#{widget_id}", Widget) for widget_id in must]
        for widget in widgets:
            assert whole(widget, screen), f"#{widget.id} is not all on screen"
            assert widget.id == "call-clerk" or panel.region.contains_region(widget.region), (
                f"#{widget.id} is below the fold"
            )
            assert in_view(app, f"#{widget.id}"), f"#{widget.id} is covered"
            assert len(str(widget.render()).strip()) > 1, f"#{widget.id} shows no words"
        assert_apart(widgets)
        # Every label whole on one line: none cut by its three rows.
        for button in screen.query("Grid KioskButton").results(KioskButton):
            label = str(button.label)
            assert button.content_region.width >= len(label), f"{label!r} is cut"


@pytest.mark.parametrize("large_text", [False, True], ids=["normal", "larger"])
@pytest.mark.parametrize("language", LANGUAGES)
async def test_attract_stays_usable_at_60x20(
    demo_settings: Settings, tmp_path: Path, language: str, large_text: bool
) -> None:
    app = attract_kiosk(demo_settings, language, tmp_path / "said.jsonl")
    async with app.run_test(size=USABLE) as pilot:
        screen = await choices_shown(pilot, app, large_text)
        assert in_view(app, "#call-clerk")
        assert in_view(app, "#heading")
        buttons = [button for button in screen.query(KioskButton) if button.display]
        for button in buttons:  # the panel scrolls: each choice, scrolled to, is whole and can be touched
            button.scroll_visible(animate=False, immediate=True)
            await pilot.pause()
            assert whole(button, screen), f"#{button.id} is cut off"
            assert in_view(app, f"#{button.id}"), f"#{button.id} cannot be touched"
        panel = screen.query_one("#panel", VerticalScroll)
        panel.scroll_home(animate=False, immediate=True)
        await pilot.pause()
        assert_apart([widget for widget in buttons if panel.region.contains_region(widget.region)])


# --- 3. a long notice -----------------------------------------------------------------------------------------


async def on_attract(app: StillKiosk, pilot: Pilot[Any]) -> Widget:
    screen = app.screen
    await wait_until(pilot, lambda: bool(screen.query("#options KioskButton")), "the choices")
    return screen.query_one("#panel")


async def on_home(app: StillKiosk, pilot: Pilot[Any]) -> Widget:
    app.session = CitizenSession(holder_name="Maria Exemplo")
    await app.push_screen(HomeScreen())
    await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
    return app.screen.query_one("#find")


def page(screen: Screen[Any]) -> list[Widget]:
    """What is on the screen below its title row: every shown widget but the row, the notices and their rack."""
    return [
        widget
        for widget in screen.walk_children(Widget)
        if widget.display
        and widget.region.area > 0
        and not isinstance(widget, ClerkHeader | ToastRack | Toast)
        and not any(isinstance(ancestor, ClerkHeader | ToastRack) for ancestor in widget.ancestors)
        and type(widget).__name__ not in ("Tooltip", "ToastHolder")
    ]


@pytest.mark.parametrize("opening", [on_attract, on_home], ids=["attract", "home"])
@pytest.mark.parametrize("large_text", [False, True], ids=["normal", "larger"])
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", [USABLE, SMALLEST], ids=["60x20", "80x24"])
async def test_a_long_notice_pushes_the_page_down(
    demo_settings: Settings, size: tuple[int, int], language: str, large_text: bool, opening: Any
) -> None:
    app = StillKiosk(demo_settings)
    app.language = language
    async with app.run_test(size=size, notifications=True) as pilot:
        await wait_until(pilot, lambda: styled(app), "every screen's styles")
        app.large_text = large_text
        first = await opening(app, pilot)
        await pilot.pause(0.2)
        top_before = first.region.y
        app.notify(NOTICE[language], timeout=60)
        await wait_until(pilot, lambda: len(app.screen.query(Toast)) == 1, "the notice")
        notice = app.screen.query_one(Toast)
        await wait_until(pilot, lambda: notice.region.height > 0, "the notice laid out")
        await pilot.pause(0.2)
        header = app.screen.query_one(ClerkHeader)
        words: Region = notice.region
        assert header.region.contains_region(words), "the notice hangs out of the title row"
        assert not words.overlaps(app.screen.query_one("#call-clerk").region)
        for widget in page(app.screen):
            assert not words.overlaps(widget.region), f"the notice covers {widget!r}"
        assert first.region.y >= words.bottom
        app.clear_notifications()
        await wait_until(pilot, lambda: not app.screen.query(Toast), "the notice gone")
        await wait_until(pilot, lambda: first.region.y == top_before, "the page back in its place")


# --- 5. larger text on every citizen page and dialog ----------------------------------------------------------


Opening = Callable[[KioskApp, str], Awaitable[None]]
"""Opens a page or dialog in a language, leaving it on top."""


def journey_page(*answers: object) -> Opening:
    """A water contract's page once ``answers`` are given: its first question, or check your answers."""

    async def opening(app: KioskApp, language: str) -> None:
        journey = Journey(service("WATER-CONTRACT", language), card_values=CARD, language=language)
        journey.begin()
        assert all(journey.answer(raw) == () for raw in answers)
        PageDriver(app, journey).show()

    return opening


def pin_dialog(tries_left: int, on_the_reader: bool = False) -> Opening:
    async def opening(app: KioskApp, language: str) -> None:
        await app.push_screen(
            PinDialog(PinTries(PinKind.AUTHENTICATION, tries_left, "where.pt"), on_the_reader)
        )

    return opening


async def service_start(app: KioskApp, language: str) -> None:
    await app.push_screen(ServiceStartScreen(service("WATER-CONTRACT", language)))


async def payment_choice(app: KioskApp, language: str) -> None:
    event = Taxon("moving-house", "Mudar de casa" if language == "pt" else "Moving house", "")
    services = [service("ADDRESS-CHANGE", language), service("WATER-CONTRACT", language)]
    await app.push_screen(BundleStartScreen(Bundle(event, services, language=language)))


async def confirmation_page(app: KioskApp, language: str) -> None:
    screen = ConfirmationScreen(service("WATER-CONTRACT", language).name)
    await app.push_screen(screen)
    screen.show_confirmation(confirmation(language=language))


async def still_there(app: KioskApp, language: str) -> None:
    await app.push_screen(IdleDialog(60))


DIALOGS: dict[str, tuple[Opening, list[str]]] = {  # what opens it, then its main action and the way back
    "pin-keypad": (pin_dialog(3), ["key-confirm", "pin-cancel"]),
    "pin-blocked": (pin_dialog(0), ["pin-ok"]),
    "pin-last-try-on-the-reader": (pin_dialog(1, on_the_reader=True), ["pin-continue", "pin-cancel"]),
    "still-there": (still_there, ["idle-more", "idle-done"]),
}
PAGES: dict[str, tuple[Opening, list[str]]] = {
    "service-start": (service_start, ["start", "back"]),
    "question": (journey_page(), ["continue", "back"]),
    "check-answers": (journey_page(ADDRESS, "3", True), ["submit", "back"]),
    "payment-choice": (payment_choice, ["bundle-go", "bundle-back", "pay-multibanco", "pay-counter"]),
    "confirmation": (confirmation_page, ["finish"]),
    **DIALOGS,
}


def out_of_sight(screen: Screen[Any]) -> int:
    """How many rows of the screen's scrolling parts (the page, a dialog's panel) lie beyond their view."""
    return sum(scroll.max_scroll_y for scroll in screen.query(VerticalScroll) if scroll.display)


async def opened(
    pilot: Pilot[Any], app: KioskApp, opening: Opening, language: str, targets: list[str]
) -> Screen[Any]:
    await opening(app, language)
    await wait_until(pilot, lambda: bool(app.screen.query(f"#{targets[0]}")), "the page")
    await wait_until(pilot, lambda: app.screen.query_one(f"#{targets[0]}").region.area > 0, "the page laid out")
    await pilot.pause(0.2)
    return app.screen


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("opening", "targets"), PAGES.values(), ids=PAGES.keys())
async def test_larger_text_keeps_the_main_action_and_the_page_in_sight(
    demo_settings: Settings, language: str, opening: Opening, targets: list[str]
) -> None:
    app = StillKiosk(demo_settings)
    app.language = language
    async with app.run_test(size=SMALLEST) as pilot:
        await wait_until(pilot, lambda: styled(app), "every screen's styles")
        screen = await opened(pilot, app, opening, language, targets)
        hidden_without = out_of_sight(screen)
        app.large_text = True
        await pilot.pause(0.2)
        what = f"with larger text at 80x24 in {language}"
        for target in targets:
            button = screen.query_one(f"#{target}", KioskButton)
            assert whole(button, screen), f"#{target} is not all on screen {what}"
            assert in_view(app, f"#{target}"), f"#{target} is covered or below the fold {what}"
            assert button.region.height >= 3, f"#{target} is under three rows {what}"
            assert len(str(button.render()).strip()) >= 1, f"#{target} shows no words {what}"
        # The title row and the action bar keep to three rows: the page between them keeps its room.
        assert out_of_sight(screen) <= hidden_without, f"larger text hid more of the page {what}"
        if screen.query(ClerkHeader):
            assert screen.query_one(ClerkHeader).region.height == 3, what


# --- 6. a long notice over a dialog ---------------------------------------------------------------------------


@pytest.mark.parametrize("large_text", [False, True], ids=["normal", "larger"])
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("opening", "targets"), DIALOGS.values(), ids=DIALOGS.keys())
async def test_a_long_notice_over_a_dialog_covers_none_of_it(
    demo_settings: Settings, language: str, large_text: bool, opening: Opening, targets: list[str]
) -> None:
    app = StillKiosk(demo_settings)
    app.language = language
    async with app.run_test(size=USABLE, notifications=True) as pilot:
        await wait_until(pilot, lambda: styled(app), "every screen's styles")
        app.large_text = large_text
        screen = await opened(pilot, app, opening, language, targets)
        before = {target: screen.query_one(f"#{target}").region for target in targets}
        app.notify(NOTICE[language], timeout=60)
        await wait_until(pilot, lambda: len(screen.query(Toast)) == 1, "the notice")
        notice = screen.query_one(Toast)
        await wait_until(pilot, lambda: notice.region.height > 0, "the notice laid out")
        await pilot.pause(0.2)
        words: Region = notice.region
        for widget in page(screen):  # the dialog: all of it but the room it keeps for the notice (NoticeRoom)
            assert type(widget).__name__ == "NoticeRoom" or not words.overlaps(widget.region), (
                f"the notice covers {widget!r}"
            )
        for button in [button for button in screen.query(KioskButton) if button.display]:
            button.scroll_visible(animate=False, immediate=True)
            await pilot.pause()
            assert whole(button, screen), f"#{button.id} is cut off"
            assert not words.overlaps(button.region), f"the notice covers #{button.id}"
            assert in_view(app, f"#{button.id}"), f"#{button.id} cannot be touched"
        app.clear_notifications()
        await wait_until(pilot, lambda: not screen.query(Toast), "the notice gone")
        for scroll in screen.query(VerticalScroll):
            scroll.scroll_home(animate=False, immediate=True)
        await wait_until(
            pilot,
            lambda: all(screen.query_one(f"#{target}").region == region for target, region in before.items()),
            "the dialog back in its place",
        )
