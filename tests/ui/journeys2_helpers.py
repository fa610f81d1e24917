"""Pilot helpers of the journeys II scenarios: what a screen shows, which question page is open, a click."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from screens.app import KioskApp
from screens.citizen.question import QuestionScreen
from tests.helpers import wait_until


def shown(app: KioskApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def on_page(app: KioskApp, field_id: str) -> bool:
    """The question page of this field is open."""
    screen = app.screen
    question = screen.journey.question if isinstance(screen, QuestionScreen) else None
    return question is not None and question.field.id == field_id


async def click(app: KioskApp, pilot: Pilot[Any], selector: str) -> None:
    """Click a button once it is laid out on the current screen, scrolled into view as a person would."""
    await wait_until(
        pilot,
        lambda: bool(app.screen.query(selector)) and app.screen.query_one(selector).region.area > 0,
        selector,
    )
    app.screen.query_one(selector).scroll_visible(animate=False)
    await pilot.pause()
    assert await pilot.click(selector), f"{selector} could not be clicked"
