"""Speech output through a Pilot journey, in both languages: what the real speech command receives.

The command is a real process (tests/ui/speech_helpers.py) that writes down its language argument and the text
it reads on standard input; nothing in the kiosk is replaced.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from kiosk.card.identity import PinKind
from kiosk.card.pins import PinTries
from kiosk.config import Settings
from kiosk.i18n import text
from screens.dialogs.idle import IdleDialog
from screens.dialogs.pin import PinDialog
from screens.widgets.buttons import KioskButton
from tests.helpers import click, wait_until
from tests.ui.entry_helpers import StillKiosk
from tests.ui.speech_helpers import capture_command, said, texts, with_speech

LANGUAGES = ["pt", "en"]


def kiosk(
    settings: Settings, log: Path, language: str, seconds: float = 0.0, kind: type[StillKiosk] = StillKiosk
) -> StillKiosk:
    app = kind(with_speech(settings, capture_command(log, seconds)))
    app.language = language
    return app


@asynccontextmanager
async def reading_aloud(
    settings: Settings, log: Path, language: str, seconds: float = 0.0, kind: type[StillKiosk] = StillKiosk
) -> AsyncIterator[tuple[StillKiosk, Pilot[Any]]]:
    """The kiosk (``kind``) with the capturing speech command, after the person pressed R (read aloud)."""
    app = kiosk(settings, log, language, seconds, kind)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await heard(pilot, log, text(language, "speech.on"))
        yield app, pilot


async def heard(pilot: Pilot[Any], log: Path, wanted: str, times: int = 1) -> None:
    await wait_until(
        pilot,
        lambda: sum(wanted in line for line in texts(log)) >= times,
        f"{wanted!r} said {times} time(s); said: {texts(log)[-4:]}",
        timeout=20,
    )


@pytest.mark.parametrize("language", LANGUAGES)
async def test_speech_is_off_until_the_person_turns_it_on(
    demo_settings: Settings, tmp_path: Path, language: str
) -> None:
    log = tmp_path / "said.jsonl"
    app = kiosk(demo_settings, log, language)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        # Offered (a command is configured) as a button with a shape for its state, not colour alone.
        button = app.screen.query_one("#read-aloud", KioskButton)
        assert button.label.startswith("☐")
        await pilot.app.push_screen(IdleDialog(30))
        await pilot.pause(0.5)
        assert said(log) == []
        app.pop_screen()
        await click(pilot, "#read-aloud")  # by touch
        await heard(pilot, log, text(language, "speech.on"))
        assert app.screen.query_one("#read-aloud", KioskButton).label.startswith("☑")
        await heard(pilot, log, text(language, "entry.attract.heading"))
        assert {entry.language for entry in said(log)} == {language}


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_journey_read_aloud_with_the_pin_masked(
    demo_settings: Settings, tmp_path: Path, language: str
) -> None:
    log = tmp_path / "said.jsonl"
    async with reading_aloud(demo_settings, log, language) as (app, pilot):
        # A new screen: its heading and instructions.
        await app.push_screen(PinDialog(PinTries(PinKind.AUTHENTICATION, 3, "where.pt"), False))
        await heard(pilot, log, text(language, "entry.pin.heading"))
        await heard(pilot, log, text(language, "entry.pin.kind_authentication"))
        # Each PIN digit is "digit entered", never the digit.
        for count, digit in enumerate("471", start=1):
            await pilot.press(digit)
            await wait_until(
                pilot,
                lambda count=count: texts(log).count(text(language, "speech.digit_entered")) == count,  # type: ignore[misc]
                f"digit {count} announced",
            )
        # An error is said at once.
        await pilot.press("enter")
        await heard(pilot, log, text(language, "entry.pin.too_short", count=3))
        # F3 says the last thing again.
        before = len(said(log))
        await pilot.press("f3")
        await wait_until(pilot, lambda: len(said(log)) == before + 1, "the repeat")
        assert said(log)[-1].text == said(log)[-2].text == text(language, "entry.pin.too_short", count=3)
        await pilot.press("backspace")
        await heard(pilot, log, text(language, "speech.digit_erased"))
        spoken = texts(log)
        assert not {"4", "7", "1"} & set(spoken)
        assert not any("471" in line or "47" in line for line in spoken)
        assert {entry.language for entry in said(log)} == {language}


@pytest.mark.parametrize("language", LANGUAGES)
async def test_personal_numbers_are_hidden_unless_the_person_asks(
    demo_settings: Settings, tmp_path: Path, language: str
) -> None:
    log = tmp_path / "said.jsonl"
    async with reading_aloud(demo_settings, log, language) as (app, pilot):
        app.notify("NIF 123 456 789, desk 4", severity="error")
        await heard(pilot, log, "desk 4")
        assert f"NIF {text(language, 'speech.number_hidden')}, desk 4" in texts(log)
        assert not any("789" in line for line in texts(log))
        # The person turns numbers on: now the number and PIN digits are said as they are.
        await click(pilot, "#say-numbers")
        await heard(pilot, log, text(language, "speech.numbers_on"))
        app.notify("NIF 123 456 789")
        await heard(pilot, log, "NIF 123 456 789")
        await app.push_screen(PinDialog(PinTries(PinKind.AUTHENTICATION, 3, "where.pt"), False))
        await heard(pilot, log, text(language, "entry.pin.heading"))
        await pilot.press("5")
        await wait_until(pilot, lambda: texts(log)[-1] == "5", "the digit itself")


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_new_screen_interrupts_the_old_speech(
    demo_settings: Settings, tmp_path: Path, language: str
) -> None:
    log = tmp_path / "said.jsonl"  # each utterance "speaks" for 30 s unless stopped
    async with reading_aloud(demo_settings, log, language, seconds=30) as (app, pilot):
        await app.push_screen(IdleDialog(30))
        await heard(pilot, log, text(language, "entry.idle.heading"))
        first = said(log)[-1]
        await app.push_screen(PinDialog(PinTries(PinKind.AUTHENTICATION, 3, "where.pt"), False))
        await heard(pilot, log, text(language, "entry.pin.heading"))
        # The idle dialog's speech was cut off, not let finish; only the newest is still speaking.
        await wait_until(pilot, lambda: _gone(first.pid), "the interrupted speech process to end")
        assert not any(entry.ended for entry in said(log))
        app.speech.close()


def _gone(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # A zombie (ended, not yet reaped) counts as gone: it speaks no more.
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().split()[2] == "Z"
    except OSError:
        return True


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_wipe_turns_speech_and_the_settings_off(
    demo_settings: Settings, tmp_path: Path, language: str
) -> None:
    log = tmp_path / "said.jsonl"
    app = kiosk(demo_settings, log, language)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("r", "n", "t", "c")
        await heard(pilot, log, text(language, "speech.numbers_on"))
        assert app.speech_on
        assert app.speak_numbers
        assert app.large_text
        assert app.high_contrast
        assert app.has_class("-large-text")
        assert app.theme == "kiosk-high-contrast"
        await app.push_screen(IdleDialog(30))
        await pilot.pause()
        app.end_session()
        await pilot.pause()
        assert not (app.speech_on)
        assert not (app.speak_numbers)
        assert not (app.large_text)
        assert not (app.high_contrast)
        assert not app.has_class("-large-text")
        assert app.theme != "kiosk-high-contrast"
        assert app.speech.speaker.last_said is None  # nothing of the last person left to repeat
        for button_id in ("#read-aloud", "#say-numbers", "#larger-text", "#high-contrast"):
            assert app.screen.query_one(button_id, KioskButton).label.startswith("☐")
        count = len(said(log))
        await app.push_screen(IdleDialog(30))
        await pilot.press("f3")
        await pilot.pause(0.5)
        assert len(said(log)) == count  # the next person hears nothing until they turn it on


async def test_larger_text_and_contrast_by_touch(demo_settings: Settings, tmp_path: Path) -> None:
    app = kiosk(demo_settings, tmp_path / "said.jsonl", "en")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await click(pilot, "#larger-text")
        await click(pilot, "#high-contrast")
        await pilot.pause()
        assert app.large_text
        assert app.high_contrast
        assert app.screen.query_one("#larger-text", KioskButton).label.startswith("☑")
        app.end_session()
        await pilot.pause()
        assert not app.large_text
        assert not app.high_contrast


async def test_without_a_speech_command_nothing_is_offered(demo_settings: Settings) -> None:
    app = StillKiosk(demo_settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not app.screen.query("#read-aloud")
        await pilot.press("r")
        assert not app.speech_on
