"""Pilot helpers of the journeys II scenarios: what a screen shows, which question page is open."""

from __future__ import annotations

from textual.widgets import Static

from screens.app import KioskApp
from screens.citizen.question import QuestionScreen
from screens.widgets.fields import FieldWidget


def shown(app: KioskApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def on_page(app: KioskApp, field_id: str) -> bool:
    """The question page of this field is open and shows its answer widget.

    The journey moves to the next question before the page swaps its answer widget (turn_page awaits the old
    one's removal): asking the journey alone said "on the page" while the previous question's options were
    still there, and a click aimed at one of them landed on nothing once they went.
    """
    screen = app.screen
    if not isinstance(screen, QuestionScreen):
        return False
    question = screen.journey.question
    shown = [widget.field.id for widget in screen.query(FieldWidget)]
    return question is not None and question.field.id == field_id and shown == [field_id]
