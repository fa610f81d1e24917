"""The session ends, whatever is going on: an idle person is warned (more than once if they ask) and then
wiped; a card pulled while the portal or the printer hangs brings the attract screen back in under a second."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from textual.pilot import Pilot

from kiosk.config import Settings
from screens.app import KioskApp
from screens.citizen.attract import AttractScreen
from screens.citizen.card_reading import CardReadingScreen
from screens.citizen.confirmation import ConfirmationScreen
from screens.citizen.home import HomeScreen
from screens.dialogs.idle import IdleDialog
from screens.messages import OpenService
from tests.helpers import SilentPrinter, click, wait_until


async def card_in_and_home(app: KioskApp, pilot: Pilot[int]) -> None:
    await wait_until(pilot, lambda: app.portal_status_key == "attract.portal_ready", "the portal")
    await pilot.press("i")
    await wait_until(pilot, lambda: isinstance(app.screen, CardReadingScreen), "the card reading")
    await wait_until(pilot, lambda: app.screen.query_one("#reading-continue").display, "Continue")
    await click(pilot, "#reading-continue")
    await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")


async def test_idle_warns_can_be_extended_twice_then_wipes(demo_settings: Settings) -> None:
    # Seconds instead of the minute a kiosk uses (the configuration refuses less than 10 s on a real kiosk).
    settings = replace(
        demo_settings, kiosk=replace(demo_settings.kiosk, idle_warning_seconds=1, idle_grace_seconds=8)
    )
    app = KioskApp(settings)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await card_in_and_home(app, pilot)
            for _ in range(2):
                await wait_until(pilot, lambda: isinstance(app.screen, IdleDialog), "the idle warning", 10)
                await pilot.pause()  # composed and laid out
                await click(pilot, "#idle-more")
                await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "home again")
                assert app.session is not None
            await wait_until(pilot, lambda: isinstance(app.screen, IdleDialog), "the last warning", 10)

            def counting_down() -> bool:  # the seconds left, in words and digits
                return any(
                    character.isdigit() for character in str(app.screen.query_one("#idle-countdown").render())
                )

            await wait_until(pilot, counting_down, "the countdown", 5)
            await wait_until(pilot, lambda: isinstance(app.screen, AttractScreen), "the wipe", 20)
            assert app.session is None
            assert len(app.screen_stack) == 1
    finally:
        app.stop_services()


@pytest.fixture
def hung_printer() -> Iterator[SilentPrinter]:
    printer = SilentPrinter()
    yield printer
    printer.release()


async def submit_then_pull_the_card(
    app: KioskApp, pilot: Pilot[int], hanging: Callable[[], bool], before_sending: Callable[[], None] = print
) -> float:
    """Open a service with no questions, send it, and pull the card while the answer hangs; the wipe's time."""
    app.post_message(OpenService("INFO-SHEET"))
    await wait_until(pilot, lambda: bool(app.screen.query("#start")), "the start page")
    await pilot.pause()  # laid out, so the click lands on the button
    await click(pilot, "#start")
    await wait_until(pilot, lambda: bool(app.screen.query("#submit")), "check your answers")
    await pilot.pause()
    before_sending()
    await click(pilot, "#submit")
    await wait_until(pilot, lambda: isinstance(app.screen, ConfirmationScreen), "the confirmation")
    await wait_until(pilot, hanging, "the hang")
    screen = app.screen
    assert isinstance(screen, ConfirmationScreen)
    assert screen.confirmation is None  # still waiting
    pulled = time.monotonic()
    app.core.remove_demo_card()
    await wait_until(pilot, lambda: isinstance(app.screen, AttractScreen) and app.session is None, "the wipe")
    return time.monotonic() - pulled


async def test_card_pulled_while_the_printer_hangs(
    demo_settings: Settings, hung_printer: SilentPrinter
) -> None:
    target = f"ipp://127.0.0.1:{hung_printer.port}/ipp/print"
    settings = replace(
        demo_settings, printers=replace(demo_settings.printers, receipt=target, documents=target)
    )
    app = KioskApp(settings)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await card_in_and_home(app, pilot)
            took = await submit_then_pull_the_card(app, pilot, lambda: bool(hung_printer.connections))
            assert took < 1.0
    finally:
        # The print thread still waits on the printer (30 s a job); closing the event loop waits for it, so
        # hang up now rather than in the fixture's teardown, which runs after the loop is closed.
        hung_printer.release()
        app.stop_services()


async def test_card_pulled_while_the_portal_hangs(demo_settings: Settings) -> None:
    app = KioskApp(demo_settings)
    stopped: list[int] = []

    def freeze_the_portal() -> None:
        # The portal process stops answering but keeps its socket: the submission hangs, it does not fail.
        embedded = app.core._embedded
        assert embedded is not None
        assert embedded.process is not None
        os.kill(embedded.process.pid, signal.SIGSTOP)
        stopped.append(embedded.process.pid)

    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await card_in_and_home(app, pilot)
            took = await submit_then_pull_the_card(app, pilot, lambda: bool(stopped), freeze_the_portal)
            assert took < 1.0
    finally:
        for pid in stopped:
            os.kill(pid, signal.SIGCONT)
        app.stop_services()
