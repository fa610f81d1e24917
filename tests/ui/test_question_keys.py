"""Choosing by keys on a question page: after Enter on an option (one choice, yes/no) the focus is on Continue,
and Tab leaves any group of choices straight for Continue (arrows move inside it); then Enter moves on."""

from __future__ import annotations

import pytest

from kiosk.config import Settings
from tests.ui.questions_helpers import PageDriver, StillKiosk
from tests.ui.test_questions_fields import CASES, journey_at


def focused_id(app: StillKiosk) -> str | None:
    return app.focused.id if app.focused is not None else None


@pytest.mark.parametrize("language", ["pt", "en"])
@pytest.mark.parametrize("kind", ["single_choice", "yes_no"])
async def test_enter_on_an_option_chooses_it_and_focuses_continue(
    demo_settings: Settings, kind: str, language: str
) -> None:
    case = next(case for case in CASES if case.type == kind)
    journey = journey_at(case, language)
    asked = journey.question
    assert asked is not None
    app = StillKiosk(demo_settings)
    app.language = language
    async with app.run_test(size=(80, 24)) as pilot:
        PageDriver(app, journey).show()
        await pilot.pause()
        await pilot.press("down", "enter")  # the second option (No, for yes/no)
        await pilot.pause()
        assert focused_id(app) == "continue"
        await pilot.press("enter")
        await pilot.pause()
        kept = journey.submission_answers()[asked.field.id]
        assert kept == (asked.field.options[1].value if kind == "single_choice" else False)
        assert journey.question is None or journey.question.field.id != asked.field.id, "the journey moved on"


@pytest.mark.parametrize("kind", ["single_choice", "yes_no", "multiple_choice"])
async def test_one_tab_from_the_choices_reaches_continue(demo_settings: Settings, kind: str) -> None:
    case = next(case for case in CASES if case.type == kind)
    journey = journey_at(case, "en")
    app = StillKiosk(demo_settings)
    app.language = "en"
    async with app.run_test(size=(80, 24)) as pilot:
        PageDriver(app, journey).show()
        await pilot.pause()
        # Arrows move inside the group (after ticking the first box, on a multiple choice), nothing chosen yet.
        await pilot.press(*(["space"] if kind == "multiple_choice" else []), "down")
        await pilot.pause()
        assert focused_id(app) == {"single_choice": "answer-input", "yes_no": "answer-no"}.get(kind, "option-1")
        await pilot.press("tab")
        await pilot.pause()
        assert focused_id(app) == "continue"
        await pilot.press("shift+tab")
        await pilot.pause()
        assert focused_id(app) == "back", "Shift+Tab goes back as before"
