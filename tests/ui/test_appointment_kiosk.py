"""'I have an appointment' at the kiosk, through the real app headless with Pilot against the embedded demo
portal: the booking code typed on the keyboard (Portuguese) or touched on the on-screen keys (English), a
missed booking refused in plain words, and the ticket printed as an appointment with its time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from kiosk.config import Settings
from screens.app import KioskApp
from screens.citizen.attract import AttractScreen
from screens.citizen.queue_ticket import QueueTicketScreen
from tests.conftest import pdf_text
from tests.helpers import click, wait_until
from tests.ui.entry_helpers import screen_text

# Demo bookings seeded for today (portal/appointments.py DEMO_APPOINTMENTS): one each, as each check-in uses
# its booking up.
CODES = {"pt": ("HK3M-7QPA", "A"), "en": ("CR4T-9WXE", "C")}
MISSED = "MS8D-4GVH"
WORDS = {
    "pt": {"at": "Marcação às", "missed": "Tire uma senha normal", "printed": "Marcação"},
    "en": {"at": "Appointment at", "missed": "take an ordinary ticket", "printed": "Appointment"},
}


async def enter_code(pilot: Pilot[Any], app: KioskApp, code: str, *, by_touch: bool) -> None:
    screen = app.screen
    assert isinstance(screen, QueueTicketScreen)
    if not screen.typing_code:  # after a refusal the keyboard stays, emptied, for another try
        await pilot.press("m")
    await wait_until(pilot, lambda: screen.typing_code, "the code keyboard")
    for character in code.replace("-", ""):
        if by_touch:
            await click(pilot, f"#key-{character}")
        else:
            await pilot.press(character.lower())
    await pilot.pause()
    if by_touch:
        await click(pilot, "#key-confirm")
    else:
        await pilot.press("enter")


@pytest.mark.parametrize("language", ["pt", "en"])
async def test_an_appointment_checked_in_by_its_code_prints_an_appointment_ticket(
    demo_settings: Settings, spool_dir: Path, language: str
) -> None:
    code, category = CODES[language]
    words = WORDS[language]
    app = KioskApp(demo_settings)
    try:
        async with app.run_test(size=(100, 36)) as pilot:
            await wait_until(pilot, lambda: app.portal_status_key == "attract.portal_ready", "the portal")
            if app.language != language:
                await pilot.press("f2")
            await pilot.press("q")
            await wait_until(pilot, lambda: isinstance(app.screen, QueueTicketScreen), "the ticket screen")
            screen = app.screen
            assert isinstance(screen, QueueTicketScreen)
            await wait_until(pilot, lambda: bool(screen.query("#line-A")), "the lines")
            by_touch = language == "en"
            await enter_code(pilot, app, MISSED, by_touch=by_touch)
            await wait_until(pilot, lambda: words["missed"] in screen_text(app), "the missed booking refused")
            assert screen.ticket is None
            await enter_code(pilot, app, code, by_touch=by_touch)
            await wait_until(pilot, lambda: screen.printed is not None, "the ticket printed")
            assert screen.ticket is not None
            assert screen.ticket.number.startswith(category)
            assert screen.appointment_time is not None
            assert f"{words['at']} {screen.appointment_time}" in screen_text(app)
            number, time = screen.ticket.number, screen.appointment_time
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, AttractScreen), "back to the start")
    finally:
        app.stop_services()
    [pdf] = sorted(spool_dir.glob("*.pdf"))
    printed = " ".join(pdf_text(pdf).split())  # the category line wraps on the 80 mm roll
    assert number in printed
    assert f"{words['printed']} {time}" in printed
