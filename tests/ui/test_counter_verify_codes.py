"""The counter's verify screen refuses, in plain words and before anything is sent, what cannot be a document's
access code: a held key (key repeat: the same letter sixteen times in one fast run, which used to pass for a
scanner's access code and went to the portal), the wrong length, a character no code has. A code of the right
shape still goes to the reference portal (under uvicorn) and gets its answer."""

from __future__ import annotations

from typing import Any

import pytest
from textual import events
from textual.keys import _character_to_key

import kiosk.access_codes
from kiosk.config import Settings
from screens.counter.scanner_input import ScannerInput
from screens.counter.verify import CounterVerifyScreen
from tests.counter.fixtures import counter_settings, shared_portal
from tests.counter.pilot import QuietCounter, said, sign_in, type_into
from tests.helpers import wait_until
from tests.ui.test_counter_tasks import open_task

__all__ = ["counter_settings", "shared_portal"]  # fixtures, used by name


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every access code the screen sends to the portal (the real call is made, and recorded here)."""
    codes: list[str] = []
    real = kiosk.access_codes.access_code_status

    def recording(settings: Settings, code: str, **options: Any) -> str | None:
        codes.append(code)
        return real(settings, code, **options)

    monkeypatch.setattr(kiosk.access_codes, "access_code_status", recording)
    return codes


async def test_a_held_key_is_not_an_access_code(counter_settings: Settings, asked: list[str]) -> None:
    app = QuietCounter(counter_settings)
    app.language = "en"
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot)
        await open_task(pilot, "v", CounterVerifyScreen)
        screen = app.screen
        assert isinstance(screen, CounterVerifyScreen)
        field = screen.query_one("#seal", ScannerInput)
        for character in "a" * 16:  # key repeat: as fast as a scanner, one letter
            field.post_message(events.Key(_character_to_key(character), character))
        await wait_until(pilot, lambda: field.value == "a" * 16, "the repeated key in the box")
        await pilot.pause(0.5)  # longer than a scanner's end-of-burst pause: no check starts on its own
        assert screen.code_problem is None
        assert screen.code_check is None
        assert not field.last_scanned

        field.focus()
        await pilot.press("enter")  # the clerk asks for the check: refused here, in plain words
        await wait_until(pilot, lambda: screen.code_problem is not None, "the refusal")
        assert "one key repeated, not an access code" in said(app, "#verify-code-problem")
        assert "Nothing was sent" in said(app, "#verify-code-problem")
        assert not screen.query_one("#verify-verdict").display
        await pilot.press("f2")
        await wait_until(pilot, lambda: "tecla repetida" in said(app, "#verify-code-problem"), "in Portuguese")
        await pilot.press("f2")

        await type_into(pilot, "#seal", "ABCD-EFGH")  # two groups: the old loose shape took it for a code
        await wait_until(pilot, lambda: screen.code_problem == "counter.verify.code_length", "too short")
        assert "12 letters and digits, in three groups of four" in said(app, "#verify-code-problem")
        await type_into(pilot, "#seal", "ABCD-EFGH-JK0N")  # a zero: no code has one
        await wait_until(pilot, lambda: screen.code_problem == "counter.verify.code_characters", "a zero")
        assert "never has 0, O, 1, I or L" in said(app, "#verify-code-problem")
        assert asked == [], "nothing that cannot be a code reaches the portal"

        await type_into(pilot, "#seal", "abcd efgh jkmn")  # a code's shape: the portal is asked, and answers
        await wait_until(pilot, lambda: screen.code_check is not None, "the portal's answer")
        assert asked == ["ABCD-EFGH-JKMN"]
        assert not screen.query_one("#verify-code-problem").display
        assert screen.code_check is not None
        assert screen.code_check.status == "unknown"
