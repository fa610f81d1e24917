"""Snapshots of the question page (with a problem shown), check your answers and the confirmation, in both
languages at 80x24 and 120x40."""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.config import Settings
from kiosk.journey.journey import Journey
from screens.citizen.confirmation import ConfirmationScreen
from screens.widgets.fields import FieldWidget
from tests.helpers import click
from tests.ui.questions_helpers import PageDriver, StillKiosk, service
from tests.ui.test_questions_pages import ADDRESS, CARD, confirmation

LANGUAGES = pytest.mark.parametrize("language", ["pt", "en"])
SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)])


def kiosk(settings: Settings, language: str) -> StillKiosk:
    app = StillKiosk(settings)
    app.language = language
    return app


@LANGUAGES
@SIZES
def test_question_page_with_a_problem(
    snap_compare: Any, demo_settings: Settings, language: str, size: tuple[int, int]
) -> None:
    journey = Journey(service("ADDRESS-CHANGE", language), language=language)
    journey.begin()
    assert journey.answer(ADDRESS) == ()

    async def bad_date(pilot: Any) -> None:
        PageDriver(pilot.app, journey).show()
        await pilot.pause()
        pilot.app.screen.query_one(FieldWidget).value = "2020-02-31"
        await click(pilot, "#continue")
        await pilot.pause()

    assert snap_compare(kiosk(demo_settings, language), terminal_size=size, run_before=bad_date)


@LANGUAGES
@SIZES
def test_check_answers(
    snap_compare: Any, demo_settings: Settings, language: str, size: tuple[int, int]
) -> None:
    journey = Journey(service("WATER-CONTRACT", language), card_values=CARD, language=language)
    journey.begin()
    for raw in (ADDRESS, "3", True):
        assert journey.answer(raw) == ()

    async def check(pilot: Any) -> None:
        PageDriver(pilot.app, journey).show()
        await pilot.pause()

    assert snap_compare(kiosk(demo_settings, language), terminal_size=size, run_before=check)


@LANGUAGES
@SIZES
def test_confirmation(snap_compare: Any, demo_settings: Settings, language: str, size: tuple[int, int]) -> None:
    async def done(pilot: Any) -> None:
        screen = ConfirmationScreen(service("WATER-CONTRACT", language).name)
        await pilot.app.push_screen(screen)
        screen.show_confirmation(confirmation(language=language))
        await pilot.pause()

    assert snap_compare(kiosk(demo_settings, language), terminal_size=size, run_before=done)


@LANGUAGES
def test_choices_at_the_smallest_size(snap_compare: Any, demo_settings: Settings, language: str) -> None:
    """Tick boxes at 60x20: the ticked one marked by a tick, the focused one by a heavy frame."""
    journey = Journey(service("BULKY-WASTE", language), language=language)
    journey.begin()

    async def tick_first(pilot: Any) -> None:
        PageDriver(pilot.app, journey).show()
        await pilot.pause()
        await pilot.press("space", "down")
        await pilot.pause()

    assert snap_compare(kiosk(demo_settings, language), terminal_size=(60, 20), run_before=tick_first)
