"""Home's keys work where the person lands (QA H3): home opens with the focus in the search box, which eats
letters, so the key named on Finish is Escape: the first empties a search box with text in it, the next (or
the first, on an empty box) finishes. The button says so in both languages."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from kiosk.config import Settings
from screens.app import KioskApp
from screens.citizen.attract import AttractScreen
from screens.citizen.home import HomeScreen
from screens.widgets.buttons import KioskButton
from tests.helpers import wait_until


@pytest.mark.parametrize(("language", "label"), [("pt", "Terminar (Esc)"), ("en", "Finish (Esc)")])
async def test_escape_finishes_from_the_search_box(demo_settings: Settings, language: str, label: str) -> None:
    app = KioskApp(demo_settings)
    async with app.run_test(size=(80, 24)) as pilot:
        app.language = language
        await pilot.press("s")  # the services without a card
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
        home = app.screen
        search = home.query_one("#search-input", Input)
        await wait_until(pilot, lambda: app.focused is search, "the focus in the search box")
        assert str(home.query_one("#finish", KioskButton).label) == label
        await pilot.press(*"rr")  # letters are the search's
        assert search.value == "rr"
        assert app.screen is home
        await pilot.press("escape")  # empties the box first
        assert search.value == ""
        assert app.screen is home
        await pilot.press("escape")  # then finishes
        await wait_until(pilot, lambda: isinstance(app.screen, AttractScreen), "the first screen again")
