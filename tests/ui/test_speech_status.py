"""Every status change and every error is said, through the real app and the real capturing speech command
(tests/ui/speech_helpers.py), in both languages: the card being read (the simulated card in the emulated
reader), a field's error (said again when Continue is pressed again, the inline copy not said twice), the
page turning, a printer fault and the receipt not printed, a certificate's verdict, the idle warning (said
when it appears, not every second, and "more time" when it is extended); and a speech program that is not
installed hides the offer, with one line in the log and nothing on screen.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import Input

from kiosk.config import Settings
from kiosk.i18n import text
from kiosk.journey.journey import Journey
from printing.texts import text as printing_text
from screens.citizen.card_reading import CardReadingScreen
from screens.citizen.check_answers import CheckAnswersScreen
from screens.citizen.confirmation import ConfirmationScreen
from screens.citizen.question import QuestionScreen
from screens.citizen.verify import VerifyScreen
from screens.dialogs.idle import IdleDialog
from tests.helpers import wait_until
from tests.ui.entry_helpers import DOCUMENT, StillKiosk, offline, save_trust_list
from tests.ui.questions_helpers import service
from tests.ui.speech_helpers import texts, with_speech
from tests.ui.test_questions_pages import confirmation, water_journey
from tests.ui.test_speech import heard, reading_aloud

LANGUAGES = ["pt", "en"]


class ReaderKiosk(StillKiosk):
    """The kiosk with its simulated card reader and nothing else."""

    def start_services(self) -> None:
        self.start_reader()


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_card_reading_progress_is_said(
    demo_settings: Settings, tmp_path: Path, language: str
) -> None:
    log = tmp_path / "said.jsonl"
    async with reading_aloud(demo_settings, log, language, kind=ReaderKiosk) as (app, pilot):
        await wait_until(pilot, lambda: app.core.reader is not None, "the reader")
        await pilot.press("i")  # the demo card into the emulated reader
        await wait_until(pilot, lambda: isinstance(app.screen, CardReadingScreen), "the card reading")
        # "Reading your card" with the screen's title, then "your card has been read" once it answered (a card
        # the emulator already knows may answer before the title is said: then the title carries the outcome).
        await heard(pilot, log, text(language, "entry.reading.read"))
        spoken = texts(log)
        reading = [line for line in spoken if text(language, "entry.reading.heading") in line]
        assert reading, spoken
        assert (
            text(language, "entry.reading.progress") in reading[0]
            or text(language, "entry.reading.read") in reading[0]
        )
        assert app.session is not None
        holder = app.session.holder_name
        assert not any(holder in line for line in texts(log))  # the name is shown, never said to the room


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_field_error_is_said_each_time_and_the_next_page_read(
    demo_settings: Settings, tmp_path: Path, language: str
) -> None:
    log = tmp_path / "said.jsonl"
    journey = Journey(
        service("WATER-CONTRACT", language), card_values={"tax_id": "123456789"}, language=language
    )
    journey.begin()
    async with reading_aloud(demo_settings, log, language) as (app, pilot):
        screen = QuestionScreen(journey)
        await app.push_screen(screen)
        await heard(pilot, log, text(language, "questions.progress", number=1, total=3))
        await pilot.press("enter")  # nothing typed: refused
        problem_title = text(language, "questions.problem_title")
        await heard(pilot, log, problem_title)
        await pilot.press("enter")  # the same error again: said again, the person is not left wondering
        await heard(pilot, log, problem_title, times=2)
        # The inline copy beside the answer is not said on top of the summary.
        assert not any(line.startswith(text(language, "questions.error_prefix")) for line in texts(log))
        # A good answer turns the page in place: the next question is read like a new screen.
        for part, value in {
            "street": "Rua das Flores 12",
            "postal_code": "1000-001",
            "locality": "Lisboa",
        }.items():
            screen.query_one(f"#answer-{part}", Input).value = value
        await pilot.press("enter")
        await heard(pilot, log, text(language, "questions.progress", number=2, total=3))
        assert not any("123456789" in line for line in texts(log))


@pytest.mark.parametrize("language", LANGUAGES)
async def test_printer_trouble_is_said(demo_settings: Settings, tmp_path: Path, language: str) -> None:
    log = tmp_path / "said.jsonl"
    async with reading_aloud(demo_settings, log, language) as (app, pilot):
        # Before sending: the printer runs out of paper while the person checks their answers.
        await app.push_screen(CheckAnswersScreen(water_journey(language, to_check=True)))
        await heard(pilot, log, text(language, "questions.check.heading"))
        app.printer_problem = "printer.no_paper"
        await heard(pilot, log, printing_text("printer.no_paper", language))
        # After sending: "sending", then the outcome with the receipt that did not print and "take your card".
        screen = ConfirmationScreen("Water")
        await app.push_screen(screen)
        await heard(pilot, log, text(language, "questions.confirmation.sending"))
        screen.show_confirmation(replace(confirmation(language=language), receipt_printed=False))
        await heard(pilot, log, text(language, "questions.confirmation.heading"))
        await heard(pilot, log, text(language, "confirmation.print_failed"))
        await heard(pilot, log, text(language, "questions.confirmation.take_card"))
        # The Multibanco reference is a personal number: said as "a number" unless the person asks.
        assert not any("456" in line for line in texts(log))


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_certificates_verdict_is_said(demo_settings: Settings, tmp_path: Path, language: str) -> None:
    from cryptography.hazmat.primitives.asymmetric import ec

    from kiosk.seal import sign_seal

    key = ec.generate_private_key(ec.SECP256R1())
    settings = offline(demo_settings)
    save_trust_list(settings, key)
    log = tmp_path / "said.jsonl"
    async with reading_aloud(settings, log, language) as (app, pilot):
        screen = VerifyScreen()
        await app.push_screen(screen)
        await heard(pilot, log, text(language, "entry.verify.heading"))
        await pilot.press("enter")  # nothing scanned yet: said at once
        await heard(pilot, log, text(language, "entry.verify.empty"))
        screen.query_one("#seal", Input).value = sign_seal(DOCUMENT, key)
        await pilot.press("enter")
        await heard(pilot, log, text(language, "entry.verify.genuine"))
        verdict = next(line for line in texts(log) if text(language, "entry.verify.genuine") in line)
        assert DOCUMENT.holder in verdict  # the sealed fields are read out too
        forged = sign_seal(DOCUMENT, ec.generate_private_key(ec.SECP256R1()))
        screen.query_one("#seal", Input).value = forged
        await pilot.press("enter")
        await heard(pilot, log, text(language, "entry.verify.not_valid"))


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_idle_warning_is_said_once_and_when_extended(
    demo_settings: Settings, tmp_path: Path, language: str
) -> None:
    log = tmp_path / "said.jsonl"
    async with reading_aloud(demo_settings, log, language) as (app, pilot):
        more_time: list[bool | None] = []
        app.push_screen(IdleDialog(30), callback=more_time.append)
        await heard(pilot, log, text(language, "entry.idle.countdown", seconds=30))
        await pilot.pause(2.5)  # two ticks: shown, not said
        countdowns = [
            line for line in texts(log) if text(language, "entry.idle.countdown", seconds=7)[:20] in line
        ]
        assert len(countdowns) == 1, countdowns
        await pilot.press("escape")
        await heard(pilot, log, text(language, "speech.more_time"))
        assert more_time == [True]


async def test_a_speech_program_not_installed_hides_the_offer(
    demo_settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    app = StillKiosk(with_speech(demo_settings, "no-such-speaker-h13 -v {language}"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        assert not app.screen.query("#read-aloud")
        assert not app.screen.query("#speech-hint")
        await pilot.press("r")
        await pilot.pause()
        assert not app.speech_on
        assert not list(app._notifications)  # nothing on screen about it
    assert [r.getMessage() for r in caplog.records if "speech" in r.getMessage()] == [
        "speech is not offered: no-such-speaker-h13 is not installed"
    ]
