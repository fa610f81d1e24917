"""Printer trouble reaches people before they commit, and nothing waits forever: paper out, then refilled."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from kiosk.config import Settings
from screens.app import KioskApp
from screens.citizen.check_answers import CheckAnswersScreen
from screens.citizen.confirmation import ConfirmationScreen
from screens.citizen.home import HomeScreen
from screens.citizen.service_start import ServiceStartScreen
from screens.widgets.printer_notice import PrinterNotice
from tests.helpers import click, wait_until


async def test_paper_out_is_said_first_and_the_receipt_waits_for_the_refill(
    demo_settings: Settings, spool_dir: Path
) -> None:
    spool_dir.mkdir(parents=True, exist_ok=True)
    reasons = spool_dir / "printer-state-reasons"  # the spool printer's stand-in for a sensor
    reasons.write_text("media-empty\n")
    app = KioskApp(demo_settings)
    try:
        async with app.run_test(size=(100, 36)) as pilot:
            await wait_until(pilot, lambda: app.printer_problem == "printer.no_paper", "the paper-out state")
            notice = app.screen.query_one(PrinterNotice)
            assert notice.display
            assert "sem papel" in str(notice.render())
            assert "⚠" in str(notice.render())  # not by colour alone

            await wait_until(pilot, lambda: app.portal_status_key == "attract.portal_ready", "the portal")
            await pilot.press("s")  # browse without a card
            await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
            assert app.screen.query_one(PrinterNotice).display  # said again before choosing a service
            await wait_until(pilot, lambda: bool(app.screen.query("#service-INFO-SHEET")), "the services")
            app.screen.query_one("#service-INFO-SHEET").focus()
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, ServiceStartScreen), "the start page")
            assert app.screen.query_one(PrinterNotice).display
            await click(pilot, "#start")
            await wait_until(pilot, lambda: isinstance(app.screen, CheckAnswersScreen), "check your answers")
            assert app.screen.query_one(PrinterNotice).display  # and once more before sending
            await click(pilot, "#submit")
            await wait_until(pilot, lambda: isinstance(app.screen, ConfirmationScreen), "confirmation")
            screen = app.screen
            assert isinstance(screen, ConfirmationScreen)
            await wait_until(pilot, lambda: screen.confirmation is not None, "the submission")
            assert screen.confirmation is not None
            reference = screen.confirmation.reference
            assert not screen.confirmation.receipt_printed
            assert "balcão" in str(screen.query_one("#paper", Static).render())
            receipt = spool_dir / f"{reference}-receipt.pdf"
            assert not receipt.exists()

            reasons.unlink()  # paper refilled
            await wait_until(pilot, lambda: app.printer_problem is None, "the printer back", timeout=30)
            await wait_until(pilot, receipt.exists, "the kept receipt to come out", timeout=30)
            if screen.confirmation.documents_waiting:  # an instant service's certificate waited as well
                await wait_until(
                    pilot, lambda: len(list(spool_dir.glob(f"{reference}-*.pdf"))) == 2, "certificate"
                )
    finally:
        app.stop_services()
