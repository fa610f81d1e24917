"""Pictures of the first screen where speech is offered, in both languages at 80x24 and 120x40: before the
person turns it on, and after (both choices ticked, shapes not colour). What is said is tested in
test_speech.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from kiosk.config import Settings
from tests.helpers import wait_until
from tests.ui.entry_helpers import StillKiosk
from tests.ui.speech_helpers import capture_command, with_speech

LANGUAGES = ["pt", "en"]
SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("turned_on", [False, True])
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", SIZES)
def test_attract_with_speech_offered(
    snap_compare: Any,
    demo_settings: Settings,
    tmp_path: Path,
    language: str,
    size: tuple[int, int],
    turned_on: bool,
) -> None:
    log = tmp_path / "said.jsonl"

    async def before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        if turned_on:
            await pilot.press("r", "n")
            await wait_until(pilot, lambda: pilot.app.speech_on and pilot.app.speak_numbers, "both ticked")
            await pilot.pause()

    app = StillKiosk(with_speech(demo_settings, capture_command(log)))
    app.language = language
    assert snap_compare(app, terminal_size=size, run_before=before)
