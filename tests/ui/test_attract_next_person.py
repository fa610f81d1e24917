"""The next person finds the first screen at its top, whatever the previous one scrolled to."""

from __future__ import annotations

import pytest
from textual.containers import VerticalScroll

from kiosk.config import Settings
from tests.ui.entry_helpers import StillKiosk


@pytest.mark.parametrize("language", ["pt", "en"])
async def test_the_wipe_scrolls_the_first_screen_to_its_top(demo_settings: Settings, language: str) -> None:
    app = StillKiosk(demo_settings)
    async with app.run_test(size=(60, 20)) as pilot:  # 80x24 shows every choice without scrolling
        app.language = language
        await pilot.pause()
        panel = app.screen.query_one("#panel", VerticalScroll)
        await pilot.wait_for_scheduled_animations()
        assert panel.max_scroll_y > 0, "at 60x20 the options are below the fold"
        panel.scroll_end(animate=False)
        await pilot.pause()
        assert panel.scroll_y > 0
        app.end_session()
        await pilot.pause()
        assert panel.scroll_y == 0
