"""The citizen screens at 80x24 and 60x20 (and the attract screen at 100x30), larger text on and off, in both
languages: what tests/ui/test_small_screens.py left open, measured by the regions of the widgets on screen.

1. Every button of every citizen screen is whole inside the screen's width, its longest word whole inside it:
   the take-a-ticket screen's language button ran off the right edge at 80 columns, the verify screen's buttons
   past it at 60 (the buttons of an action bar share its width or fold, screens/widgets/action_bar.py).
2. Home with a printer fault at 80x24 keeps at least four services in sight (three with larger text): the
   printer notice is compact on every short screen, as it was on the attract screen only.
3. The attract screen at 100x30 with a printer fault and speech offered shows its heading and "without a card":
   they give up their rows only where the settings would not fit otherwise.
4. Every docstring of a constant sits under it (home's PORTAL_WAIT_SECONDS read as the search's pause).
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget

from kiosk.config import Settings
from kiosk.session import CitizenSession
from printing.texts import text as printing_text
from screens.app import KioskApp
from screens.citizen.address_change import CurrentAddressScreen
from screens.citizen.card_reading import CardReadingScreen
from screens.citizen.company_code import CompanyCodeScreen
from screens.citizen.confirm_code import ConfirmCodeScreen
from screens.citizen.home import HomeScreen
from screens.citizen.leaving import LeavingScreen
from screens.citizen.my_applications import MyApplicationsScreen
from screens.citizen.queue_ticket import QueueTicketScreen
from screens.citizen.verify import VerifyScreen
from screens.widgets.printer_notice import PrinterNotice
from tests.helpers import wait_until
from tests.ui.entry_helpers import in_view
from tests.ui.screen_regions import (
    LANGUAGES,
    README_SIZE,
    SMALLEST,
    USABLE,
    assert_apart,
    cut_words,
    fixed_controls,
    shown_buttons,
    styled,
    whole,
)
from tests.ui.test_browse_screens import ALL_SERVICES, browse_app, listed, portal
from tests.ui.test_small_screens import (
    ATTRACT_MUST_SHOW,
    PAGES,
    SPEECH_SETTINGS,
    attract_kiosk,
    choices_shown,
    laid_out,
    longest_fault,
    opened,
    services_in_sight,
)

__all__ = ["portal"]  # the fixture, shared with test_browse_screens

# --- 1. every button within the width -------------------------------------------------------------------------

Visit = Callable[[KioskApp, Pilot[Any], str], Awaitable[None]]
"""Opens a citizen screen (or a state of one) in a language and waits until it is there, leaving it on top."""


async def attract(app: KioskApp, pilot: Pilot[Any], language: str) -> None:
    await wait_until(
        pilot, lambda: bool(app.screen.query("#options KioskButton")), "the attract screen's choices"
    )


async def take_a_ticket(app: KioskApp, pilot: Pilot[Any], language: str) -> None:
    await app.push_screen(QueueTicketScreen())
    await wait_until(pilot, lambda: bool(app.screen.query("#line-A")), "the ticket lines")


async def appointment_code(app: KioskApp, pilot: Pilot[Any], language: str) -> None:
    await take_a_ticket(app, pilot, language)
    await pilot.press("m")
    await wait_until(pilot, lambda: app.screen.query_one("#code").display, "the booking code's keyboard")


async def verify(app: KioskApp, pilot: Pilot[Any], language: str) -> None:
    await app.push_screen(VerifyScreen())


async def home(app: KioskApp, pilot: Pilot[Any], language: str) -> None:
    app.session = CitizenSession(holder_name="Maria Exemplo")  # with a card: every button of its bottom row
    await app.push_screen(HomeScreen())
    await wait_until(pilot, lambda: len(listed(app)) == ALL_SERVICES, "the catalog")


def pushed(make: Callable[[], Screen[Any]]) -> Visit:
    async def visit(app: KioskApp, pilot: Pilot[Any], language: str) -> None:
        await app.push_screen(make())

    return visit


def page_of(name: str) -> Visit:
    """A page or dialog of test_small_screens' PAGES, opened as there."""
    opening, targets = PAGES[name]

    async def visit(app: KioskApp, pilot: Pilot[Any], language: str) -> None:
        await opened(pilot, app, opening, language, targets)

    return visit


CITIZEN_SCREENS: dict[str, Visit] = {
    "attract": attract,
    "home": home,
    "take-a-ticket": take_a_ticket,
    "appointment-code": appointment_code,
    "verify": verify,
    **{name: page_of(name) for name in PAGES},  # service start, question, check answers, confirmation, dialogs
    "card-reading": pushed(CardReadingScreen),
    "my-applications": pushed(lambda: MyApplicationsScreen([])),
    "current-address": pushed(lambda: CurrentAddressScreen("Rua Direita 1, 1000-001 Lisboa")),
    "letter-code": pushed(lambda: ConfirmCodeScreen("2026-27VX-KMAC")),
    "company-code": pushed(CompanyCodeScreen),
    "leaving": pushed(LeavingScreen),
}


async def back_to_attract(app: KioskApp, pilot: Pilot[Any]) -> None:
    while len(app.screen_stack) > 2:  # the default screen, then the attract screen
        app.pop_screen()
        await pilot.pause()
    app.session = None


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", [SMALLEST, USABLE], ids=["80x24", "60x20"])
async def test_every_button_of_every_citizen_screen_is_within_the_width(
    demo_settings: Settings, portal: tuple[str, str], size: tuple[int, int], language: str
) -> None:
    app = browse_app(demo_settings, portal, language)
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, lambda: styled(app), "every screen's styles")
        await wait_until(pilot, lambda: app.core.portal is not None, "the portal client")
        width = size[0]
        for name, visit in CITIZEN_SCREENS.items():
            await visit(app, pilot, language)
            screen = app.screen
            for large_text in (False, True):
                app.large_text = large_text
                await pilot.pause(0.3)
                what = f"on {name} at {size}, larger text {'on' if large_text else 'off'}, in {language}"
                buttons = shown_buttons(screen)
                assert buttons, f"no button {what}"
                for button in buttons:
                    region = button.region
                    assert region.x >= 0, f"#{button.id} at {region} {what}"
                    assert region.right <= width, f"#{button.id} at {region} runs off the right edge {what}"
                    parent = button.parent
                    assert isinstance(parent, Widget)
                    inside = parent.region.x <= region.x and region.right <= parent.region.right
                    assert inside, f"#{button.id} runs out of its row {what}"
                    assert not cut_words(button), f"#{button.id} cuts {cut_words(button)} {what}"
            app.large_text = False
            await back_to_attract(app, pilot)


# --- 2. home with a printer fault -----------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
async def test_home_keeps_the_services_in_sight_with_a_printer_fault(
    demo_settings: Settings, portal: tuple[str, str], language: str
) -> None:
    app = browse_app(demo_settings, portal, language)
    app.session = CitizenSession(holder_name="Maria Exemplo")
    async with app.run_test(size=SMALLEST) as pilot:
        await wait_until(pilot, lambda: styled(app), "every screen's styles")
        await wait_until(pilot, lambda: app.core.portal is not None, "the portal client")
        app.printer_problem = longest_fault(language)  # as the printer watch sets it
        await app.push_screen(HomeScreen())
        await wait_until(pilot, lambda: len(listed(app)) == ALL_SERVICES, "the catalog")
        for large_text, fewest in ((False, 4), (True, 3)):
            await laid_out(pilot, app, large_text)
            screen = app.screen
            what = f"with a printer fault at 80x24, larger text {'on' if large_text else 'off'}, in {language}"
            notice = screen.query_one(PrinterNotice)
            assert notice.display, what
            assert printing_text(longest_fault(language), language) in str(notice.render()), what
            assert whole(notice, screen), f"the printer notice is cut off {what}"
            seen = services_in_sight(screen)
            assert len(seen) >= fewest, f"{len(seen)} services in sight {what}"
            controls = fixed_controls(screen)
            ids = {widget.id for widget in controls}
            assert {"call-clerk", "search-input", "finish", "language", "my-applications"} <= ids, what
            for widget in controls:
                assert whole(widget, screen), f"{widget!r} is not all on screen {what}"
            assert_apart([*controls, notice])


# --- 3. the attract screen at 100x30 with a printer fault -----------------------------------------------------


@pytest.mark.parametrize("large_text", [False, True], ids=["normal", "larger"])
@pytest.mark.parametrize("language", LANGUAGES)
async def test_attract_keeps_its_heading_with_a_printer_fault_where_there_is_room(
    demo_settings: Settings, tmp_path: Path, language: str, large_text: bool
) -> None:
    app = attract_kiosk(demo_settings, language, tmp_path / "said.jsonl")  # speech offered: two more settings
    async with app.run_test(size=README_SIZE) as pilot:
        app.printer_problem = longest_fault(language)
        screen = await choices_shown(pilot, app, large_text)
        panel = screen.query_one("#panel", VerticalScroll)
        assert panel.scroll_y == 0
        notice = screen.query_one(PrinterNotice)
        assert notice.display
        assert panel.region.contains_region(notice.region), "the printer notice is below the fold"
        for widget_id in ["heading", "without-card", *ATTRACT_MUST_SHOW, *SPEECH_SETTINGS, "demo-card"]:
            widget = screen.query_one(f"#{widget_id}", Widget)
            assert whole(widget, screen), f"#{widget_id} is not shown whole"
            assert panel.region.contains_region(widget.region), f"#{widget_id} is below the fold"
            assert in_view(app, f"#{widget_id}"), f"#{widget_id} is covered"
            assert len(str(widget.render()).strip()) > 1, f"#{widget_id} shows no words"


# --- 4. every docstring under its own constant ----------------------------------------------------------------

SCREENS = Path(__file__).resolve().parents[2] / "screens"


def stray_strings(source: str) -> list[int]:
    """Lines of the strings, in a module's or a class's body, that follow neither an assignment nor the start of
    that body: a constant's docstring that has lost its constant (it reads as another's)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Module | ast.ClassDef):
            continue
        for before, statement in itertools.pairwise([None, *node.body]):
            is_string = (
                isinstance(statement, ast.Expr)
                and isinstance(statement.value, ast.Constant)
                and isinstance(statement.value.value, str)
            )
            if is_string and before is not None and not isinstance(before, ast.Assign | ast.AnnAssign):
                found.append(statement.lineno)
    return found


def test_every_constant_docstring_sits_under_its_constant() -> None:
    home = (SCREENS / "citizen" / "home.py").read_text(encoding="utf-8")
    tree = ast.parse(home)
    docstrings = {
        target.id: following.value.value
        for statement, following in itertools.pairwise(tree.body)
        if isinstance(statement, ast.Assign)
        for target in statement.targets
        if isinstance(target, ast.Name)
        and isinstance(following, ast.Expr)
        and isinstance(following.value, ast.Constant)
    }
    assert "portal" in docstrings.get("PORTAL_WAIT_SECONDS", ""), "PORTAL_WAIT_SECONDS lost its docstring"
    assert "typing" in docstrings.get("SEARCH_SETTLE_SECONDS", "")
    strays = {
        str(path.relative_to(SCREENS)): lines
        for path in sorted(SCREENS.rglob("*.py"))
        if (lines := stray_strings(path.read_text(encoding="utf-8")))
    }
    assert not strays, f"docstrings under no constant: {strays}"
