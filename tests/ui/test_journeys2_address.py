"""The change of address through the real app, headless with Pilot, in both languages: card and PIN, the
address PIN (a wrong one costs a try and says so), the card's address shown and refused as the new one, the
new address, the bodies to tell, the submission waiting for the letter; then, from home, "I have a
confirmation code": a wrong code says how many tries remain, the code from the letter (`portal letters` on the
embedded portal's database) completes the change. Snapshots of the two new screens."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from kiosk.config import Settings
from kiosk.journey.address_change import CodeOutcome
from screens.app import KioskApp
from screens.citizen.address_change import CurrentAddressScreen
from screens.citizen.card_reading import CardReadingScreen
from screens.citizen.check_answers import CheckAnswersScreen
from screens.citizen.confirm_code import ConfirmCodeScreen
from screens.citizen.confirmation import ConfirmationScreen
from screens.citizen.home import HomeScreen
from screens.dialogs.pin import PinDialog
from screens.messages import OpenService
from tests.helpers import click, wait_until
from tests.journeys2_helpers import letter_code
from tests.ui.entry_helpers import StillKiosk
from tests.ui.journeys2_helpers import on_page, shown

MARIA_PIN = "1234"
MARIA_ADDRESS_PIN = "0000"
CARD_ADDRESS = {"street": "Avenida Almirante Reis 45, 3 Esq", "postal_code": "1150-020", "locality": "Lisboa"}
WORDS = {
    "pt": {"tries": "restam 2 tentativas", "done": "morada foi alterada", "same": "já está no seu cartão"},
    "en": {"tries": "2 tries left", "done": "address is changed", "same": "already on your card"},
}


async def type_address(app: KioskApp, pilot: Pilot[Any], address: dict[str, str]) -> None:
    for part, value in address.items():
        app.screen.query_one(f"#answer-{part}", Input).value = value
    await click(pilot, "#continue")
    await pilot.pause()


async def type_pin(app: KioskApp, pilot: Pilot[Any], pin: str) -> None:
    await wait_until(pilot, lambda: isinstance(app.screen, PinDialog), "the PIN dialog")
    await pilot.press(*pin, "enter")


@pytest.mark.parametrize("language", ["pt", "en"])
async def test_change_of_address_then_the_code_from_the_letter(demo_settings: Settings, language: str) -> None:
    words = WORDS[language]
    app = KioskApp(demo_settings)
    try:
        async with app.run_test(size=(100, 36)) as pilot:
            await wait_until(pilot, lambda: app.portal_status_key == "attract.portal_ready", "the portal")
            if language != app.language:
                await click(pilot, "#language")
            await pilot.press("i")  # the demo's first card: Maria, with a Lisbon address
            await wait_until(pilot, lambda: isinstance(app.screen, CardReadingScreen), "the card reading")
            await wait_until(pilot, lambda: app.screen.query_one("#reading-continue").display, "Continue")
            await click(pilot, "#reading-continue")
            await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")

            app.post_message(OpenService("ADDRESS-CHANGE"))
            await wait_until(pilot, lambda: bool(app.screen.query("#start")), "the start page")
            await click(pilot, "#start")
            await type_pin(app, pilot, MARIA_PIN)  # the authentication PIN: card login

            # The address PIN: a wrong one is refused and costs a try, which the dialog then shows.
            await wait_until(
                pilot,
                lambda: isinstance(app.screen, PinDialog) and app.screen.tries.kind.value == "address",
                "address PIN",
            )
            first = app.screen
            assert isinstance(first, PinDialog)
            await pilot.press(*"9999", "enter")
            await wait_until(
                pilot, lambda: isinstance(app.screen, PinDialog) and app.screen is not first, "again"
            )
            again = app.screen
            assert isinstance(again, PinDialog)
            assert again.tries.tries_left == first.tries.tries_left - 1
            await pilot.press(*MARIA_ADDRESS_PIN, "enter")

            await wait_until(pilot, lambda: isinstance(app.screen, CurrentAddressScreen), "the card's address")
            assert "Almirante Reis" in shown(app, "#address-now")
            await click(pilot, "#address-continue")
            await wait_until(pilot, lambda: on_page(app, "new_address"), "the new address page")

            await type_address(app, pilot, CARD_ADDRESS)  # the address already on the card
            await wait_until(pilot, lambda: app.screen.query_one("#error-summary").display, "the refusal")
            assert words["same"] in shown(app, "#inline-error")
            await type_address(
                app, pilot, {"street": "Rua das Flores 12", "postal_code": "4050-262", "locality": "4050"}
            )
            await wait_until(
                pilot,
                lambda: (
                    "4050" not in shown(app, "#inline-error") and app.screen.query_one("#inline-error").display
                ),
                "locality",
            )
            await type_address(
                app, pilot, {"street": "Rua das Flores 12", "postal_code": "4050-262", "locality": "Porto"}
            )
            await wait_until(pilot, lambda: on_page(app, "moved_on"), "the moving date")
            for part, value in (("day", "2"), ("month", "1"), ("year", "2024")):
                app.screen.query_one(f"#answer-{part}", Input).value = value
            await click(pilot, "#continue")
            await wait_until(pilot, lambda: on_page(app, "notify"), "the bodies to tell")
            await click(pilot, "#option-0")
            await click(pilot, "#continue")
            await wait_until(pilot, lambda: isinstance(app.screen, CheckAnswersScreen), "check your answers")
            await click(pilot, "#submit")
            await wait_until(pilot, lambda: isinstance(app.screen, ConfirmationScreen), "the confirmation")
            screen = app.screen
            assert isinstance(screen, ConfirmationScreen)
            await wait_until(
                pilot, lambda: screen.confirmation is not None or screen.failure is not None, "sent"
            )
            assert screen.confirmation is not None, screen.failure
            assert screen.confirmation.status == "awaiting_confirmation"
            reference = screen.confirmation.reference

            # Later, from home: the code from the letter.
            app.navigation.browse()
            await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "home again")
            await wait_until(pilot, lambda: app.screen.query_one("#confirm-code").display, "the code button")
            await click(pilot, "#confirm-code")
            await wait_until(pilot, lambda: isinstance(app.screen, ConfirmCodeScreen), "the code page")
            assert reference in shown(app, "#code-heading")
            await pilot.press(*"ZZZZ-ZZZZ", "enter")
            await wait_until(
                pilot,
                lambda: isinstance(app.screen, ConfirmCodeScreen) and app.screen.outcome is not None,
                "the wrong code's answer",
            )
            assert words["tries"] in shown(app, "#code-outcome")
            app.screen.query_one("#code", Input).value = letter_code(demo_settings.portal_database, reference)
            await click(pilot, "#code-send")
            await wait_until(
                pilot,
                lambda: isinstance(app.screen, ConfirmCodeScreen) and app.screen.finished,
                "the change done",
            )
            assert words["done"] in shown(app, "#code-outcome")
            assert not app.screen.query_one("#code").display
    finally:
        app.stop_services()


SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("language", ["pt", "en"])
@pytest.mark.parametrize("size", SIZES)
def test_snapshot_current_address(
    snap_compare: Any, demo_settings: Settings, language: str, size: tuple[int, int]
) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        await pilot.app.push_screen(CurrentAddressScreen("Avenida Almirante Reis 45, 3 Esq, 1150-019 Lisboa"))
        await pilot.pause()

    app = StillKiosk(demo_settings)
    app.language = language
    assert snap_compare(app, terminal_size=size, run_before=before)


@pytest.mark.parametrize("language", ["pt", "en"])
@pytest.mark.parametrize("size", SIZES)
def test_snapshot_wrong_code(
    snap_compare: Any, demo_settings: Settings, language: str, size: tuple[int, int]
) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        screen = ConfirmCodeScreen("2026-ABCD-EFGH", CodeOutcome(done=False, tries_left=1))
        await pilot.app.push_screen(screen)
        screen.query_one("#code", Input).cursor_blink = False
        await pilot.pause()

    app = StillKiosk(demo_settings)
    app.language = language
    assert snap_compare(app, terminal_size=size, run_before=before)
