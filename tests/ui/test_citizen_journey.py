"""A citizen's whole visit through the real app, headless with Pilot: the demo card, the PIN on the keypad,
search, the residence certificate's questions, the certificate printed with a seal that verifies and the
holder's name on it; then the card leaves and nothing of the person is left anywhere: not on any screen, in any
widget, in the app's state, or in the operator's log."""

from __future__ import annotations

import re
import time
from pathlib import Path

import httpx
import pytest
from textual.widgets import Input, Static

from kiosk.config import Settings
from kiosk.seal import verify_seal
from screens.app import KioskApp
from screens.citizen.attract import AttractScreen
from screens.citizen.card_reading import CardReadingScreen
from screens.citizen.check_answers import CheckAnswersScreen
from screens.citizen.confirmation import ConfirmationScreen
from screens.citizen.home import HomeScreen
from screens.citizen.question import QuestionScreen
from screens.citizen.service_start import ServiceStartScreen
from screens.dialogs.pin import PinDialog
from tests.conftest import pdf_text, read_qr_codes
from tests.helpers import click, wait_until
from tests.ui.traces import person_needles, state_texts, traces_of, widget_texts

MARIA_PIN = "1234"


def shown(app: KioskApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


@pytest.mark.parametrize(("language", "query"), [("pt", "residencia"), ("en", "residence")])
async def test_residence_certificate_from_card_to_verified_seal_then_nothing_left(
    demo_settings: Settings, spool_dir: Path, language: str, query: str
) -> None:
    app = KioskApp(demo_settings)
    try:
        async with app.run_test(size=(100, 36)) as pilot:
            await wait_until(pilot, lambda: app.portal_status_key == "attract.portal_ready", "the portal")
            if language != app.language:
                await click(pilot, "#language")
            assert app.language == language

            # The card: read, then the holder's name and photo, then Continue.
            await pilot.press("i")
            await wait_until(pilot, lambda: isinstance(app.screen, CardReadingScreen), "the card reading")
            await wait_until(pilot, lambda: app.session is not None, "the card read")
            assert app.session is not None
            identity = app.session.identity
            holder = app.session.holder_name
            await wait_until(pilot, lambda: app.screen.query_one("#reading-continue").display, "Continue")
            await wait_until(pilot, lambda: holder in shown(app, "#reading-holder"), "the holder's name")
            await click(pilot, "#reading-continue")
            await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
            assert holder in shown(app, "#greeting")

            # Search while typing, with the accent left out.
            await click(pilot, "#search-input")
            await pilot.press(*query)
            await wait_until(pilot, lambda: bool(app.screen.query("#service-RESIDENCE-CERT")), "the result")
            await pilot.press("enter")  # from the search field straight to the first result, by keys
            assert app.focused is not None
            assert app.focused.id == "service-RESIDENCE-CERT"
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, ServiceStartScreen), "the start page")
            await click(pilot, "#start")

            # The PIN, asked now because the service is personal; typed on the keys, masked.
            await wait_until(pilot, lambda: isinstance(app.screen, PinDialog), "the PIN dialog")
            await pilot.press(*MARIA_PIN)
            assert MARIA_PIN not in shown(app, "#pin-mask")
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, QuestionScreen), "the first question")
            assert app.session.portal_token
            token = app.session.portal_token

            # One question per page: a bad answer is refused in plain words, then fixed.
            await pilot.press(*"abc", "enter")
            await wait_until(pilot, lambda: bool(app.screen.query("#error-summary")), "the error summary")
            assert app.screen.query_one("#error-summary").display
            number = app.screen.query_one(Input)
            number.value = ""
            await pilot.press(*"7", "enter")
            await wait_until(
                pilot, lambda: "2" in shown(app, "#progress") and isinstance(app.screen, QuestionScreen), "q2"
            )
            await pilot.press("enter")  # the first purpose, by keys
            await click(pilot, "#continue")
            await wait_until(pilot, lambda: isinstance(app.screen, CheckAnswersScreen), "check your answers")
            await click(pilot, "#submit")

            await wait_until(pilot, lambda: isinstance(app.screen, ConfirmationScreen), "the confirmation")
            screen = app.screen
            assert isinstance(screen, ConfirmationScreen)
            await wait_until(
                pilot, lambda: screen.confirmation is not None or screen.failure is not None, "sent"
            )
            assert screen.failure is None, screen.failure
            confirmation = screen.confirmation
            assert confirmation is not None
            assert confirmation.documents_printed == 1
            assert confirmation.reference in shown(app, "#reference")

            receipt = spool_dir / f"{confirmation.reference}-receipt.pdf"
            assert confirmation.reference in pdf_text(receipt).replace(" ", "")

            # The certificate: the holder's name printed, and a seal that verifies against the trust list.
            [certificate] = [
                path for path in spool_dir.glob(f"{confirmation.reference}-*.pdf") if "receipt" not in path.name
            ]
            printed = " ".join(pdf_text(certificate).split())
            assert holder in printed
            embedded = app.core._embedded
            assert embedded is not None
            trust_list = httpx.get(f"{embedded.url}/v1/trust-list").json()
            verdict = verify_seal(read_qr_codes(certificate)[-1], trust_list)
            assert verdict.valid, verdict.detail
            assert verdict.document is not None
            assert verdict.document.holder == holder

            assert app.language == language  # the person's language held through the whole visit

            # Finish by Esc, the key every page names for leaving it (R and the button are driven elsewhere):
            # "take your card", the card leaves, and the wipe is done in well under a second.
            await pilot.press("escape")
            await wait_until(pilot, lambda: app.session is None, "the card taken")
            removed_at = time.monotonic()
            await wait_until(pilot, lambda: isinstance(app.screen, AttractScreen), "the attract screen")
            assert time.monotonic() - removed_at < 1.0
            await pilot.pause()

            needles = [*person_needles(identity), token]
            assert traces_of(needles, widget_texts(app)) == []
            assert traces_of(needles, state_texts(app)) == []
            assert len(app.screen_stack) == 1
            assert app.language == demo_settings.kiosk.language  # the next person starts in the kiosk's own
    finally:
        app.stop_services()

    # The operator's log has the visit's events, and none of the person's data.
    log = (demo_settings.kiosk.data_dir / "log" / "kiosk.log").read_text(encoding="utf-8")
    assert "RESIDENCE-CERT" in log
    assert traces_of(needles, [("log", log)]) == []
    assert not re.search(rf"\b{MARIA_PIN}\b", log)
