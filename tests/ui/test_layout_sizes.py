"""Every target on screen and three rows high, from the smallest kiosk terminal (60x20) through 80x24 to the
largest (200x60): the attract screen, a question page and check your answers, in both languages.

"Call a clerk" and the action bars are always in sight; a page's own content may scroll (a long check your
answers page does at any size), and then each of its targets is whole and on screen once scrolled to."""

from __future__ import annotations

import pytest
from textual.containers import ScrollableContainer
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget

from kiosk.config import Settings
from kiosk.journey.journey import Journey, Step
from screens.widgets.buttons import KioskButton
from tests.ui.questions_helpers import PageDriver, StillKiosk, service

SIZES = [(60, 20), (80, 24), (200, 60)]


def target_fits(button: KioskButton, size: tuple[int, int]) -> None:
    width, height = size
    region = button.region
    assert region.height >= 3, f"{button.id} is {region.height} rows high at {size}"
    assert region.right <= width, f"{button.id} is cut off on the right at {size}"
    assert region.bottom <= height, f"{button.id} is below the screen at {size}"
    assert len(str(button.render()).strip()) > 1, f"{button.id} shows no label at {size}"


def scrolls(widget: Widget) -> bool:
    return any(isinstance(ancestor, ScrollableContainer) for ancestor in widget.ancestors)


async def targets_fit(pilot: Pilot[int], screen: Screen[object], size: tuple[int, int]) -> None:
    buttons = [button for button in screen.query(KioskButton) if button.display]
    assert "call-clerk" in [button.id for button in buttons], f"no call-a-clerk button at {size}"
    fixed = [button for button in buttons if not scrolls(button)]
    assert fixed, f"no action bar at {size}"
    for button in fixed:  # in sight before anything is scrolled
        target_fits(button, size)
    for button in buttons:
        button.scroll_visible(animate=False)
        await pilot.pause()
        target_fits(button, size)


@pytest.mark.parametrize("language", ["pt", "en"])
@pytest.mark.parametrize("size", SIZES)
async def test_attract_screen_fits(demo_settings: Settings, size: tuple[int, int], language: str) -> None:
    app = StillKiosk(demo_settings)
    app.language = language
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        # The attract screen scrolls when it must; its buttons are reachable there and none is cut off.
        await targets_fit(pilot, app.screen, size)


@pytest.mark.parametrize("language", ["pt", "en"])
@pytest.mark.parametrize("size", SIZES)
async def test_question_and_check_pages_fit(
    demo_settings: Settings, size: tuple[int, int], language: str
) -> None:
    journey = Journey(
        service("WATER-CONTRACT", language), card_values={"tax_id": "123456789"}, language=language
    )
    journey.begin()
    app = StillKiosk(demo_settings)
    app.language = language
    async with app.run_test(size=size) as pilot:
        PageDriver(app, journey).show()
        await pilot.pause()
        await targets_fit(pilot, app.screen, size)
        address = {"street": "Rua das Flores 12", "postal_code": "1000-001", "locality": "Lisboa"}
        for raw in (address, "3", True):
            assert journey.answer(raw) == ()
        assert journey.step is Step.CHECK
        PageDriver(app, journey).show()
        await pilot.pause()
        await targets_fit(pilot, app.screen, size)
