"""The confirmation's QR on a small screen: a line says it is further down while it is out of view, the arrows
scroll the page to it with Finish keeping the focus, a touch on the line brings it into view."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from kiosk.config import Settings
from screens.citizen.confirmation import ConfirmationScreen
from tests.helpers import click
from tests.ui.questions_helpers import StillKiosk, service
from tests.ui.test_questions_pages import confirmation


async def confirmed(app: StillKiosk, pilot: Pilot[int], language: str) -> ConfirmationScreen:
    """The confirmation of a water contract (with its seal QR) on screen."""
    screen = ConfirmationScreen(service("WATER-CONTRACT", language).name)
    await app.push_screen(screen)
    screen.show_confirmation(confirmation(language=language))
    for _ in range(3):  # the texts and the QR laid out, then the line about the QR looked at again
        await pilot.pause()
    return screen


def qr_in_view(screen: ConfirmationScreen) -> bool:
    page, digital = screen.query_one("#page"), screen.query_one("#digital")
    assert digital.region.height, "the QR is laid out"
    return page.region.contains_region(digital.region)


@pytest.mark.parametrize("language", ["pt", "en"])
async def test_arrows_bring_the_qr_into_view_and_the_line_goes(demo_settings: Settings, language: str) -> None:
    app = StillKiosk(demo_settings)
    app.language = language
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await confirmed(app, pilot, language)
        below = screen.query_one("#qr-below")
        assert not qr_in_view(screen)
        assert below.display
        assert "QR" in str(below.render())
        for _ in range(20):
            await pilot.press("down")
        await pilot.pause()
        assert qr_in_view(screen)
        assert not below.display
        assert app.focused is not None
        assert app.focused.id == "finish", "Enter still finishes"


async def test_a_touch_on_the_line_shows_the_qr(demo_settings: Settings) -> None:
    app = StillKiosk(demo_settings)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await confirmed(app, pilot, "pt")
        await click(pilot, "#qr-below")
        await pilot.pause()
        assert qr_in_view(screen)
        assert not screen.query_one("#qr-below").display


async def test_no_line_when_the_qr_fits(demo_settings: Settings) -> None:
    app = StillKiosk(demo_settings)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await confirmed(app, pilot, "en")
        assert qr_in_view(screen)
        assert not screen.query_one("#qr-below").display
