"""The cause of the flaky tests/ui/test_speech_status.py::test_the_card_reading_progress_is_said, made certain:
a slow card (the emulator's per-APDU delay) and slow speech (the capturing command "speaks" 1.5 s). "Your card
has been read" is said after the screen's title, and the photo, read after it, puts the focus on Continue more
than half a second later. That focus move is the kiosk's, not the person's: it used to interrupt, dropping the
"read" still waiting for the title to end; now it waits. A Tab the person presses still interrupts."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.card.emulator.card import Faults
from kiosk.config import Settings
from kiosk.i18n import text
from screens.citizen.card_reading import CardReadingScreen
from tests.helpers import wait_until
from tests.ui.speech_helpers import said, texts
from tests.ui.test_speech import heard, reading_aloud
from tests.ui.test_speech_status import ReaderKiosk

SPEAKING = 1.5
"""Seconds each utterance "plays": longer than the photo read, so "read" still waits for the title."""
APDU_DELAY = 0.02
"""About 1.2 s for the photo's ~60 APDUs after the identity: more than speech's LINE_HOLD (0.5 s)."""


@pytest.mark.parametrize("language", ["pt", "en"])
async def test_a_slow_photo_does_not_cut_off_your_card_has_been_read(
    demo_settings: Settings, tmp_path: Path, language: str
) -> None:
    log = tmp_path / "said.jsonl"
    async with reading_aloud(demo_settings, log, language, SPEAKING, kind=ReaderKiosk) as (app, pilot):
        await wait_until(pilot, lambda: app.core.reader is not None, "the reader")
        reader = app.core.reader
        assert reader is not None
        reader.insert("maria", faults=Faults(delay=APDU_DELAY))
        await wait_until(pilot, lambda: isinstance(app.screen, CardReadingScreen), "the card reading")
        continue_said = text(language, "speech.button", label=text(language, "entry.reading.continue"))
        await heard(pilot, log, continue_said)
        spoken = texts(log)
        read = [index for index, line in enumerate(spoken) if text(language, "entry.reading.read") in line]
        assert read, spoken
        assert read[0] < spoken.index(continue_said), spoken  # read first, then the button it brought
        # Each was let finish from the title on: nothing the kiosk moved by itself cut another off.
        title = next(i for i, line in enumerate(spoken) if text(language, "entry.reading.heading") in line)
        assert all(entry.ended for entry in said(log)[title : len(spoken) - 1]), said(log)

        # The person's own Tab still cuts Continue off at once.
        await pilot.press("tab")
        await wait_until(pilot, lambda: len(said(log)) > len(spoken), "the next control said")
        assert not said(log)[len(spoken) - 1].ended
