"""The session ends, whatever is going on: an idle person is warned (more than once if they ask) and then
wiped; a card pulled while the portal or the printer hangs brings the attract screen back in under a second."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from dataclasses import replace

import pytest

from kiosk.config import Settings
from screens.app import KioskApp
from screens.citizen.attract import AttractScreen
from screens.citizen.card_reading import CardReadingScreen
from screens.citizen.confirmation import ConfirmationScreen
from screens.citizen.home import HomeScreen
from screens.dialogs.idle import IdleDialog
from screens.messages import OpenService
from tests.helpers import SilentPrinter, wait_until


async def card_in_and_home(app: KioskApp, pilot: object) -> None:
    await wait_until(pilot, lambda: app.portal_status_key == "attract.portal_ready", "the portal")
    await pilot.press("i")  # type: ignore[attr-defined]
    await wait_until(pilot, lambda: isinstance(app.screen, CardReadingScreen), "the card reading")
    await wait_until(pilot, lambda: app.screen.query_one("#reading-continue").display, "Continue")
    await pilot.click("#reading-continue")  # type: ignore[attr-defined]
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
                await pilot.click("#idle-more")
                await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "home again")
                assert app.session is not None
            await wait_until(pilot, lambda: isinstance(app.screen, IdleDialog), "the last warning", 10)
            countdown = str(app.screen.query_one("#idle-countdown").render())
            assert any(character.isdigit() for character in countdown)  # the seconds left, counting down
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


async def submit_then_pull_the_card(app: KioskApp, pilot: object, hung: object) -> float:
    """Open a service with no questions, submit, and pull the card while the answer hangs; the wipe's time."""
    app.post_message(OpenService("INFO-SHEET"))
    await wait_until(pilot, lambda: bool(app.screen.query("#start")), "the start page")
    await pilot.click("#start")  # type: ignore[attr-defined]
    await wait_until(pilot, lambda: bool(app.screen.query("#submit")), "check your answers")
    await pilot.click("#submit")  # type: ignore[attr-defined]
    await wait_until(pilot, lambda: isinstance(app.screen, ConfirmationScreen), "the confirmation")
    await wait_until(pilot, lambda: bool(hung), "the hang")  # type: ignore[arg-type]
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
            took = await submit_then_pull_the_card(app, pilot, lambda: hung_printer.connections)
            assert took < 1.0
    finally:
        app.stop_services()


async def test_card_pulled_while_the_portal_hangs(demo_settings: Settings) -> None:
    app = KioskApp(demo_settings)
    stopped: list[int] = []
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await card_in_and_home(app, pilot)
            embedded = app.core._embedded
            assert embedded is not None
            assert embedded.process is not None
            await pilot.pause()

            def freeze_the_portal() -> bool:
                # The portal process stops answering but keeps its socket: requests hang, not fail.
                if not stopped and isinstance(app.screen, ConfirmationScreen):
                    os.kill(embedded.process.pid, signal.SIGSTOP)  # type: ignore[union-attr]
                    stopped.append(embedded.process.pid)  # type: ignore[union-attr]
                return bool(stopped)

            took = await submit_then_pull_the_card(app, pilot, _Hang(freeze_the_portal))
            assert took < 1.0
    finally:
        for pid in stopped:
            os.kill(pid, signal.SIGCONT)
        app.stop_services()


class _Hang:
    def __init__(self, check: object) -> None:
        self.check = check

    def __bool__(self) -> bool:
        return bool(self.check())  # type: ignore[operator]
