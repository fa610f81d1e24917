"""Appointment check-in by card at the kiosk, through the real app headless with Pilot against the embedded demo
portal and the simulated card: Maria's card (civil id 12345678, for whom the demo booking CR4T-9WXE is made)
inserted on the ticket screen after "Check in with my card" (Portuguese: the card is read there, the visit stays
on the screen), or already in the reader (English); the card's PIN is asked first, a wrong one refused, and the
ticket is the booking's, printed as an appointment. A card with no booking today gets the portal's plain words.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from kiosk.card.emulator.citizens import find_citizen
from kiosk.card.identity import PinKind
from kiosk.config import Settings
from screens.app import KioskApp
from screens.citizen.card_reading import CardReadingScreen
from screens.citizen.home import HomeScreen
from screens.citizen.queue_ticket import QueueTicketScreen
from screens.dialogs.pin import PinDialog
from tests.conftest import pdf_text
from tests.helpers import click, wait_until
from tests.ui.entry_helpers import screen_text

WORDS = {
    "pt": {"insert": "Introduza o seu Cartão de Cidadão", "at": "Marcação às", "printed": "Marcação"},
    "en": {"insert": "Insert your citizen card", "at": "Appointment at", "printed": "Appointment"},
}
NO_BOOKING = {"pt": "Não há marcação para este cartão", "en": "no appointment for this card"}


async def portal_ready(app: KioskApp, pilot: Pilot[Any], language: str) -> None:
    await wait_until(pilot, lambda: app.portal_status_key == "attract.portal_ready", "the portal")
    if app.language != language:
        await pilot.press("f2")


async def ticket_screen(app: KioskApp, pilot: Pilot[Any]) -> QueueTicketScreen:
    app.navigation.take_ticket()
    await wait_until(pilot, lambda: isinstance(app.screen, QueueTicketScreen), "the ticket screen")
    screen = app.screen
    assert isinstance(screen, QueueTicketScreen)
    await wait_until(pilot, lambda: bool(screen.query("#line-A")), "the lines")
    return screen


async def card_at_home(app: KioskApp, pilot: Pilot[Any], citizen: str) -> None:
    app.core.cards.insert_demo_card(citizen)
    await wait_until(pilot, lambda: isinstance(app.screen, CardReadingScreen), "the card reading")
    await wait_until(pilot, lambda: app.screen.query_one("#reading-continue").display, "Continue")
    app.screen.query_one("#reading-continue").focus()
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")


async def type_pin(app: KioskApp, pilot: Pilot[Any], pin: str) -> None:
    await wait_until(pilot, lambda: isinstance(app.screen, PinDialog), "the PIN")
    await pilot.press(*pin, "enter")


@pytest.mark.parametrize("language", ["pt", "en"])
async def test_an_appointment_is_checked_in_by_the_card_after_its_pin(
    demo_settings: Settings, spool_dir: Path, language: str
) -> None:
    words = WORDS[language]
    maria = find_citizen("maria")
    app = KioskApp(demo_settings)
    try:
        async with app.run_test(size=(100, 36)) as pilot:
            await portal_ready(app, pilot, language)
            if language == "pt":
                screen = await ticket_screen(app, pilot)
                await pilot.press("k")
                await wait_until(pilot, lambda: words["insert"] in screen_text(app), "asked for the card")
                app.core.cards.insert_demo_card("maria")  # inserted on this screen: read here, no home
            else:
                await card_at_home(app, pilot, "maria")
                screen = await ticket_screen(app, pilot)
                await click(pilot, "#appointment-card")
            await type_pin(app, pilot, "9999")  # a wrong PIN is refused: nothing is checked in
            await wait_until(
                pilot,
                lambda: isinstance(app.screen, PinDialog) and app.screen.tries.tries_left == 2,
                "one try fewer",
            )
            assert screen.ticket is None
            await pilot.press(*maria.pin(PinKind.AUTHENTICATION), "enter")
            try:
                await wait_until(pilot, lambda: screen.printed is not None, "the ticket printed")
            except AssertionError as error:
                raise AssertionError(f"{error}; the screen says: {screen_text(app)}") from None
            assert app.screen is screen  # never sent home by the card
            assert screen.ticket is not None
            assert screen.ticket.number.startswith("C")  # CR4T-9WXE is in line C
            assert f"{words['at']} {screen.appointment_time}" in screen_text(app)
            number, time = screen.ticket.number, screen.appointment_time
            assert maria.document_number not in screen_text(app)
    finally:
        app.stop_services()
    [pdf] = sorted(spool_dir.glob("*.pdf"))
    printed = " ".join(pdf_text(pdf).split())
    assert number in printed
    assert f"{words['printed']} {time}" in printed


@pytest.mark.parametrize("language", ["pt", "en"])
async def test_a_card_without_a_booking_today_is_told_to_take_an_ordinary_ticket(
    demo_settings: Settings, language: str
) -> None:
    joao = find_citizen("joao")
    app = KioskApp(demo_settings)
    try:
        async with app.run_test(size=(100, 36)) as pilot:
            await portal_ready(app, pilot, language)
            screen = await ticket_screen(app, pilot)
            await pilot.press("k")
            app.core.cards.insert_demo_card("joao")
            await type_pin(app, pilot, joao.pin(PinKind.AUTHENTICATION))
            await wait_until(pilot, lambda: NO_BOOKING[language] in screen_text(app), "no booking")
            assert screen.ticket is None
            assert bool(screen.query_one("#line-A").display)  # an ordinary ticket is still offered
    finally:
        app.stop_services()
