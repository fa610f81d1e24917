"""The kiosk's queue, through the real app headless with Pilot against the embedded portal: a ticket taken
without a card (by key and by touch) and printed, and "call a clerk" reaching the counters' list."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from textual.widgets import Digits

from kiosk.client.portal import PortalClient
from kiosk.client.queue import QueueClient
from kiosk.config import Settings
from portal.content.demo_people import DEMO_COUNTER_TOKEN, DEMO_STAFF
from screens.app import KioskApp
from screens.citizen.attract import AttractScreen
from screens.citizen.queue_ticket import QueueTicketScreen
from tests.conftest import pdf_text
from tests.helpers import click, wait_until
from tests.ui.entry_helpers import screen_text


async def counter_help_requests(url: str) -> list[tuple[str, str]]:
    counter = QueueClient(PortalClient(url, DEMO_COUNTER_TOKEN))
    try:
        username, _, _, password = DEMO_STAFF[0]
        body = json.dumps({"username": username, "password": password}).encode()
        headers = {"Content-Type": "application/json"}
        data = await counter.portal.call("POST", "/v1/auth/staff/session", "en", content=body, headers=headers)
        return [(item.kiosk, item.screen) for item in await counter.help_requests(str(data["session_token"]))]
    finally:
        await counter.portal.aclose()


@pytest.mark.parametrize("size", [(100, 36), (80, 24)], ids=["100x36", "80x24"])
@pytest.mark.parametrize("language", ["pt", "en"])
async def test_a_ticket_without_a_card_by_key_then_printed(
    demo_settings: Settings, spool_dir: Path, language: str, size: tuple[int, int]
) -> None:
    app = KioskApp(demo_settings)
    try:
        async with app.run_test(size=size) as pilot:
            await wait_until(pilot, lambda: app.portal_status_key == "attract.portal_ready", "the portal")
            if app.language != language:
                await pilot.press("f2")
            await pilot.press("q")
            await wait_until(pilot, lambda: isinstance(app.screen, QueueTicketScreen), "the ticket screen")
            screen = app.screen
            assert isinstance(screen, QueueTicketScreen)
            await wait_until(pilot, lambda: bool(screen.query("#line-C")), "the lines")
            # The lines are mounted first and labelled with the portal's category names a moment later.
            certificates = "Certidões" if language == "pt" else "Certificates"
            await wait_until(pilot, lambda: certificates in screen_text(app), "the lines' names")
            viewport = screen.query_one("#panel").scrollable_content_region
            for line in ("A", "B", "C", "P"):  # every line in sight without scrolling, 80x24 too
                assert viewport.contains_region(screen.query_one(f"#line-{line}").region), f"line {line} hidden"
            await pilot.press("c")
            await wait_until(pilot, lambda: screen.printed is not None, "the ticket printed")
            assert screen.ticket is not None
            number = screen.ticket.number
            assert number.startswith("C")
            assert screen.query_one("#number", Digits).value == number
            centre = screen.query_one("#number").region.center[0]
            assert abs(centre - screen.region.center[0]) <= 1, "the number is not under 'Your number'"
            words = screen_text(app)
            assert ("Pessoas à sua frente: 0" if language == "pt" else "People ahead of you: 0") in words
            assert ("a sua senha é a próxima" if language == "pt" else "yours is the next number") in words
            assert "0 min" not in words  # nobody ahead: not "about 0 min"
            assert ("Retire a senha" if language == "pt" else "Take your ticket") in words
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, AttractScreen), "back to the start")
    finally:
        app.stop_services()
    [pdf] = sorted(spool_dir.glob("*.pdf"))
    printed = pdf_text(pdf)
    assert number in printed


async def test_a_ticket_by_touch_and_a_clerk_called_from_the_ticket_screen(
    demo_settings: Settings, spool_dir: Path
) -> None:
    app = KioskApp(demo_settings)
    try:
        async with app.run_test(size=(100, 36)) as pilot:
            await wait_until(pilot, lambda: app.portal_status_key == "attract.portal_ready", "the portal")
            await click(pilot, "#take-ticket")
            await wait_until(pilot, lambda: isinstance(app.screen, QueueTicketScreen), "the ticket screen")
            screen = app.screen
            assert isinstance(screen, QueueTicketScreen)
            await wait_until(pilot, lambda: bool(screen.query("#line-A")), "the lines")
            await click(pilot, "#call-clerk")
            await wait_until(
                pilot,
                lambda: any("funcionário vem" in n.message for n in app._notifications),
                "a clerk is coming",
            )
            await click(pilot, "#line-A")
            await wait_until(pilot, lambda: screen.ticket is not None, "the ticket")
            assert screen.ticket is not None
            assert screen.ticket.number.startswith("A")
            await click(pilot, "#done")
            await wait_until(pilot, lambda: isinstance(app.screen, AttractScreen), "back to the start")
            await pilot.press("f1")  # from the attract screen too, by key
            await wait_until(
                pilot, lambda: len([n for n in app._notifications if "funcionário" in n.message]) >= 1, "again"
            )
            url = app.core.portal_service.url
            requests = await counter_help_requests(url)
    finally:
        app.stop_services()
    screens = [screen for _, screen in requests]
    assert "queue_ticket" in screens
    assert "attract" in screens
    assert all(kiosk.startswith("Quiosque Demo") for kiosk, _ in requests)
    await asyncio.sleep(0)
