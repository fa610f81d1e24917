"""The walking skeleton, headless through Pilot: attract screen -> demo card -> name read through the card
layer -> services from the embedded portal over HTTP -> submission -> receipt PDF in the spool -> card out."""

from __future__ import annotations

from pathlib import Path

import httpx
from textual.widgets import Static

from screens.app import KioskApp
from kiosk.config import Settings
from kiosk.seal import verify_seal
from screens.citizen.attract import AttractScreen
from screens.citizen.confirmation import ConfirmationScreen
from screens.citizen.home import HomeScreen, ServiceButton
from screens.widgets.buttons import KioskButton
from tests.conftest import pdf_text, read_qr_codes
from tests.helpers import wait_until


async def test_demo_card_to_printed_receipt(demo_settings: Settings, spool_dir: Path) -> None:
    app = KioskApp(demo_settings)
    try:
        async with app.run_test(size=(100, 36)) as pilot:
            assert isinstance(app.screen, AttractScreen)
            await wait_until(
                pilot, lambda: app.portal_status_key == "attract.portal_ready", "the embedded portal"
            )

            await pilot.press("i")
            await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "the home screen")
            assert app.session is not None
            holder = app.session.holder_name
            assert holder  # read from the emulated card through the card layer
            assert holder in str(app.screen.query_one("#greeting", Static).render())

            await wait_until(
                pilot, lambda: bool(app.screen.query(ServiceButton)), "the services from the portal"
            )
            first = app.screen.query(ServiceButton).first()
            service_name = first.service.name
            await pilot.click(f"#{first.id}")

            await wait_until(pilot, lambda: isinstance(app.screen, ConfirmationScreen), "the confirmation")
            screen = app.screen
            assert isinstance(screen, ConfirmationScreen)
            await wait_until(
                pilot, lambda: screen.confirmation is not None or screen.failure is not None, "submit"
            )
            assert screen.failure is None, screen.failure
            assert screen.confirmation is not None
            reference = screen.confirmation.reference
            assert reference in str(screen.query_one("#reference", Static).render())
            assert screen.confirmation.receipt_printed

            receipt = spool_dir / f"{reference}-receipt.pdf"
            assert receipt.is_file()
            text = " ".join(pdf_text(receipt).split())
            assert reference in text.replace(" ", "") or reference in text
            assert " ".join(service_name.split()[:3]) in text

            # The instant service's certificate came out too, and its printed seal verifies against the
            # portal's published trust list: read back from the paper with an independent QR decoder.
            assert screen.confirmation.documents_printed == 1
            [certificate] = [p for p in spool_dir.glob(f"{reference}-*.pdf") if p != receipt]
            seal = read_qr_codes(certificate)[-1]
            embedded = app.core._embedded
            assert embedded is not None
            trust_list = httpx.get(f"{embedded.url}/v1/trust-list").json()
            verdict = verify_seal(seal, trust_list)
            assert verdict.valid, verdict.detail
            assert verdict.document is not None
            printed = " ".join(pdf_text(certificate).split())
            assert verdict.document.fields
            for value in verdict.document.fields.values():  # the seal vouches for exactly what is printed
                assert " ".join(value.split()) in printed

            await pilot.press("r")  # finish: the demo card leaves the reader
            await wait_until(pilot, lambda: isinstance(app.screen, AttractScreen), "the attract screen again")
            assert app.session is None
            assert len(app.screen_stack) == 1
    finally:
        app.stop_services()


async def test_language_switch_keeps_the_screen(demo_settings: Settings) -> None:
    app = KioskApp(demo_settings)
    app.start_services = lambda: None  # type: ignore[method-assign]  # no portal needed to switch language
    async with app.run_test(size=(80, 24)) as pilot:
        heading = app.screen.query_one("#heading", Static)
        assert "Serviços públicos" in str(heading.render())
        await pilot.press("l")
        assert "Public services" in str(heading.render())
        assert str(app.screen.query_one("#language", KioskButton).label) == "Português"
        await pilot.click("#language")
        assert "Serviços públicos" in str(heading.render())
