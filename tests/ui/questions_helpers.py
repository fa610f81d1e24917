"""What the question-page tests share: saved portal definitions, a quiet kiosk, and a driver that pushes the
page the journey is on, as the navigation does, recording each page's dismiss result."""

from __future__ import annotations

import json
from pathlib import Path

from textual.screen import Screen
from textual.widgets import Static

from kiosk.client.models import ServiceDetail
from kiosk.journey.journey import Journey, Step
from screens.app import KioskApp
from screens.citizen.check_answers import CheckAnswersScreen
from screens.citizen.question import QuestionScreen

SERVICES = Path(__file__).resolve().parent / "services"
"""Service definitions exactly as the demo portal serves them (GET /v1/catalog/services/{code}); a test
checks they still match the live portal, so they cannot drift from it."""


def service(code: str, language: str = "pt") -> ServiceDetail:
    return ServiceDetail.from_json(
        json.loads((SERVICES / f"{code}.{language}.json").read_text(encoding="utf-8"))
    )


class StillKiosk(KioskApp):
    """The kiosk without background services, so what is shown does not depend on timing."""

    def start_services(self) -> None:
        return None

    def on_mount(self) -> None:
        # Tests push their screen at once, before the first paint's follow-up reads every other screen's styles:
        # read them now (KioskApp.on_mount runs too), so a test sees a screen styled as a person would.
        self.load_later_stylesheets()


class PageDriver:
    """Pushes the journey's current page on the app; when it is dismissed with "moved", the next one."""

    def __init__(self, app: KioskApp, journey: Journey) -> None:
        self.app = app
        self.journey = journey
        self.outcomes: list[str] = []

    def show(self) -> None:
        page: Screen[str] = (
            QuestionScreen(self.journey)
            if self.journey.step is Step.QUESTION
            else CheckAnswersScreen(self.journey)
        )
        self.app.push_screen(page, callback=self._after)

    def _after(self, outcome: str | None) -> None:
        self.outcomes.append(str(outcome))
        if outcome == "moved" and self.journey.step in (Step.QUESTION, Step.CHECK):
            self.show()


def shown(screen: Screen[object], selector: str) -> str:
    """The text a Static shows, or '' when it is hidden."""
    widget = screen.query_one(selector, Static)
    return str(widget.render()) if widget.display else ""


def switch_language(app: KioskApp, journey: Journey, language: str) -> None:
    """What the navigation does on a language switch: the same service relabelled, then the screen's texts."""
    journey.relabel(service(journey.service.code, language))
    journey.language = language
    app.language = language
