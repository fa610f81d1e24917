"""Screenshots of citizen journeys II for docs/citizen.md, from a real visit to the real kiosk (as
scripts/screenshots.py takes the others, which calls this): a life event's bundle, the change of address (the
address PIN, the card's address, the letter's code typed wrong) and the company's partners.

    .venv/bin/python scripts/screenshots.py [OUT_DIR]
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from screenshots import LANGUAGES, MARIA_PIN, SIZE, Shooter, config_for  # type: ignore[import-not-found]
from textual.widgets import Input

from kiosk.config import load_settings
from screens.app import KioskApp
from screens.citizen.address_change import CurrentAddressScreen
from screens.citizen.bundle_start import BundleStartScreen
from screens.citizen.card_reading import CardReadingScreen
from screens.citizen.check_answers import CheckAnswersScreen
from screens.citizen.confirm_code import ConfirmCodeScreen
from screens.citizen.confirmation import ConfirmationScreen
from screens.citizen.home import HomeScreen
from screens.citizen.question import QuestionScreen
from screens.citizen.service_start import ServiceStartScreen
from screens.dialogs.pin import PinDialog
from screens.messages import BrowseServices, OpenService
from screens.widgets.partners import PartnerRow

ADDRESS_PIN = "0000"  # Maria's address PIN (kiosk/card/emulator/citizen_data/maria.toml)


def on_page(app: KioskApp, field_id: str) -> bool:
    screen = app.screen
    question = screen.journey.question if isinstance(screen, QuestionScreen) else None
    return question is not None and question.field.id == field_id


async def visit(out: Path, language: str, data: Path) -> None:
    app = KioskApp(load_settings(config_for(data, language), env={}))
    try:
        async with app.run_test(size=SIZE) as pilot:
            shot = Shooter(app, pilot, out, language)
            await shot.until(lambda: app.portal_status_key == "attract.portal_ready", "the portal")
            await pilot.press("i")
            await shot.until(lambda: isinstance(app.screen, CardReadingScreen), "the card reading")
            await shot.until(lambda: app.screen.query_one("#reading-continue").display, "the photo and name")
            await shot.choose("#reading-continue")
            await shot.until(lambda: isinstance(app.screen, HomeScreen), "home")

            # A life event's bundle: moving house.
            await shot.choose("#topic-moving-house")
            await shot.until(lambda: app.screen.query_one("#bundle-start").display, "the bundle's button")
            await shot.save("bundle-home")
            await shot.choose("#bundle-start")
            await shot.until(lambda: isinstance(app.screen, BundleStartScreen), "the bundle's start page")
            await shot.save("bundle-start")
            await pilot.press("escape")
            await shot.until(lambda: isinstance(app.screen, HomeScreen), "home again")

            # The change of address: the card PIN, then the address PIN, then the card's address.
            app.post_message(OpenService("ADDRESS-CHANGE"))
            await shot.until(lambda: isinstance(app.screen, ServiceStartScreen), "the start page")
            await shot.choose("#start")
            await shot.until(lambda: isinstance(app.screen, PinDialog), "the PIN")
            await pilot.press(*MARIA_PIN, "enter")
            await shot.until(
                lambda: isinstance(app.screen, PinDialog) and app.screen.tries.kind.value == "address",
                "the address PIN",
            )
            await pilot.press(*ADDRESS_PIN[:2])
            await shot.save("pin-address")
            await pilot.press(*ADDRESS_PIN[2:], "enter")
            await shot.until(lambda: isinstance(app.screen, CurrentAddressScreen), "the card's address")
            await shot.save("address-current")
            await shot.choose("#address-continue")
            await shot.until(lambda: on_page(app, "new_address"), "the new address")
            for part, value in (
                ("street", "Rua das Flores 12"),
                ("postal_code", "4050-262"),
                ("locality", "Porto"),
            ):
                app.screen.query_one(f"#answer-{part}", Input).value = value
            await shot.choose("#continue")
            await shot.until(lambda: on_page(app, "moved_on"), "the moving date")
            for part, value in (("day", "2"), ("month", "1"), ("year", "2024")):
                app.screen.query_one(f"#answer-{part}", Input).value = value
            await shot.choose("#continue")
            await shot.until(lambda: on_page(app, "notify"), "the bodies to tell")
            await shot.choose("#continue")
            await shot.until(lambda: isinstance(app.screen, CheckAnswersScreen), "check your answers")
            await shot.choose("#submit")
            await shot.until(lambda: isinstance(app.screen, ConfirmationScreen), "the confirmation")
            screen = app.screen
            assert isinstance(screen, ConfirmationScreen)
            await shot.until(lambda: screen.confirmation is not None or screen.failure is not None, "sent")
            if screen.confirmation is None:
                raise SystemExit(f"screenshots ({language}): the change of address failed: {screen.failure}")

            # Later: the code from the letter, typed wrong once.
            app.post_message(BrowseServices())
            await shot.until(lambda: isinstance(app.screen, HomeScreen), "home after the change")
            await shot.until(lambda: app.screen.query_one("#confirm-code").display, "the code button")
            await pilot.click("#confirm-code")  # in the bottom bar, always in view
            await shot.until(lambda: isinstance(app.screen, ConfirmCodeScreen), "the code page")
            await pilot.press(*"ZZZZ-ZZZZ", "enter")
            await shot.until(
                lambda: isinstance(app.screen, ConfirmCodeScreen) and app.screen.outcome is not None,
                "the answer",
            )
            await shot.save("confirm-code")
            await pilot.press("escape")
            await shot.until(lambda: isinstance(app.screen, HomeScreen), "home after the code")

            # The company on the spot: its partners, as rows (shares that do not add up, so the page says so).
            app.post_message(OpenService("COMPANY-ON-THE-SPOT"))
            await shot.until(lambda: isinstance(app.screen, ServiceStartScreen), "the company's start page")
            await shot.choose("#start")
            for field_id in ("company_name", "legal_form", "applicant_role"):
                await shot.until(lambda field_id=field_id: on_page(app, field_id), field_id)
                await shot.choose("#option-0")
                await shot.choose("#continue")
            await shot.until(lambda: on_page(app, "partners"), "the partners")
            await shot.choose("#partner-add")
            await shot.until(lambda: len(app.screen.query(PartnerRow)) == 2, "a second row")
            for row, (nif, share) in zip(
                app.screen.query(PartnerRow), (("123456789", "60"), ("500000000", "30")), strict=True
            ):
                row.query_one(".partner-nif", Input).value = nif
                row.query_one(".partner-share", Input).value = share
            await shot.choose("#continue")
            await shot.until(lambda: app.screen.query_one("#inline-error").display, "the shares refused")
            await shot.save("company-partners")
    finally:
        app.stop_services()


def journeys2_shots(target: Path) -> None:
    for language in LANGUAGES:
        with tempfile.TemporaryDirectory() as folder:
            asyncio.run(visit(target, language, Path(folder)))


if __name__ == "__main__":
    import sys

    journeys2_shots(
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).resolve().parent.parent / "docs" / "screenshots"
    )
