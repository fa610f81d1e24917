"""'Call a clerk' from any kiosk screen, through Pilot against the reference portal under uvicorn: the button in
the header of the home screen, a question page and check your answers sends a help request that the counters
of the branch list with the kiosk's name and the screen's name (nothing about the person), and the person is
told a clerk is coming, in Portuguese and in English. At a counter the citizen's pages carry no such button."""

from __future__ import annotations

import dataclasses

import httpx
import pytest
from textual.pilot import Pilot

from kiosk.config import Settings
from kiosk.embedded import EmbeddedPortal
from kiosk.journey.journey import Journey, Step
from kiosk.session import CitizenSession
from portal.content.demo_people import DEMO_COUNTER_TOKEN
from screens.app import KioskApp
from screens.citizen.check_answers import CheckAnswersScreen
from screens.citizen.home import HomeScreen
from screens.citizen.question import QuestionScreen
from screens.widgets.call_clerk import ClerkHeader
from tests.counter.fixtures import staff_session
from tests.helpers import click, wait_until
from tests.ui.questions_helpers import PageDriver, StillKiosk, service
from tests.ui.test_browse_screens import BrowseKiosk

HOLDER = "Maria Exemplo"
TAX_ID = "123456789"
DEMO_KIOSK_NAME = "Quiosque Demo - Loja do Cidadão Saldanha"  # the kiosk device's name in portal/seed.py
COMING = {"pt": "Um funcionário vem ajudá-lo", "en": "A clerk is coming to help you"}


def help_requests_at_the_counter(portal_url: str) -> list[dict[str, object]]:
    """What a clerk's terminal lists (GET /v1/queue/help), as the portal sends it."""
    with httpx.Client(
        base_url=portal_url, headers={"Authorization": f"Bearer {DEMO_COUNTER_TOKEN}"}, timeout=10
    ) as counter:
        listed = counter.get("/v1/queue/help", headers=staff_session(counter, "clerk"))
        listed.raise_for_status()
        requests: list[dict[str, object]] = listed.json()
        return requests


async def call_clerk_here(pilot: Pilot[int], app: KioskApp, language: str) -> None:
    """Touch the header's button and wait until the person is told, in their language, that a clerk comes."""
    button = app.screen.query_one("#call-clerk")
    assert isinstance(button.parent, ClerkHeader)
    assert ("Chamar um funcionário (F1)" if language == "pt" else "Call a clerk (F1)") in str(button.render())
    # A kiosk shows one notice at a time, the newest (QA M1): a new one, not the count, tells this call apart.
    seen = {notice.identity for notice in app._notifications}
    await click(pilot, "#call-clerk")
    await wait_until(
        pilot,
        lambda: any(
            COMING[language] in notice.message and notice.identity not in seen for notice in app._notifications
        ),
        "a clerk is coming",
    )


@pytest.mark.parametrize("language", ["pt", "en"])
async def test_a_clerk_called_from_home_a_question_and_check_answers(
    demo_settings: Settings, running_portal: tuple[EmbeddedPortal, str], language: str
) -> None:
    portal, token = running_portal
    app = BrowseKiosk(demo_settings, portal.url, token)
    app.language = language
    app.session = CitizenSession(holder_name=HOLDER)
    journey = Journey(service("WATER-CONTRACT", language), card_values={"tax_id": TAX_ID}, language=language)
    journey.begin()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.core.portal is not None, "the portal client")
        await app.push_screen(HomeScreen())
        await wait_until(pilot, lambda: HOLDER in str(app.screen.query_one("#greeting").render()), "home")
        await call_clerk_here(pilot, app, language)

        PageDriver(app, journey).show()
        await wait_until(pilot, lambda: isinstance(app.screen, QuestionScreen), "a question page")
        await pilot.pause()
        await call_clerk_here(pilot, app, language)

        address = {"street": "Rua das Flores 12", "postal_code": "1000-001", "locality": "Lisboa"}
        for answer in (address, "3", True):
            assert journey.answer(answer) == ()
        assert journey.step is Step.CHECK
        PageDriver(app, journey).show()
        await wait_until(pilot, lambda: isinstance(app.screen, CheckAnswersScreen), "check your answers")
        await pilot.pause()
        await call_clerk_here(pilot, app, language)

    requests = help_requests_at_the_counter(portal.url)
    assert [request["screen"] for request in requests] == ["home", "question", "check_answers"]
    assert {request["kiosk"] for request in requests} == {DEMO_KIOSK_NAME}
    listed = str(requests)
    for personal in (HOLDER, "Maria", TAX_ID, "Rua das Flores", "1000-001"):
        assert personal not in listed, f"{personal!r} reached the counter's list"


async def test_no_call_a_clerk_button_at_a_counter(demo_settings: Settings) -> None:
    """A clerk fills in the citizen's pages at the counter: the pages are the kiosk's, the button is not."""
    counter = dataclasses.replace(demo_settings, kiosk=dataclasses.replace(demo_settings.kiosk, mode="counter"))
    journey = Journey(service("WATER-CONTRACT", "en"), card_values={"tax_id": TAX_ID}, language="en")
    journey.begin()
    app = StillKiosk(counter)
    async with app.run_test(size=(80, 24)) as pilot:
        PageDriver(app, journey).show()
        await wait_until(pilot, lambda: isinstance(app.screen, QuestionScreen), "a question page")
        await pilot.pause()
        assert not app.screen.query(ClerkHeader)
        assert not app.screen.query("#call-clerk")
        assert "Balcão de atendimento" in str(app.screen.query_one("TitleBar").render())  # the title stays
