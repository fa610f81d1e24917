"""Screenshots of citizen journeys II for docs/citizen.md, from a real visit to the real kiosk (as
scripts/screenshots.py takes the others, which calls this): a life event's bundle, the change of address (the
address PIN, the card's address, the letter's code typed wrong) and the company's partners.

    .venv/bin/python scripts/screenshots.py [OUT_DIR]
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from shots import MARIA_PIN, Shooter, demo_kiosk, in_each_language, out_dir
from textual.widgets import Input

from screens.app import KioskApp
from screens.citizen.address_change import CurrentAddressScreen
from screens.citizen.bundle_start import BundleStartScreen
from screens.citizen.check_answers import CheckAnswersScreen
from screens.citizen.confirm_code import ConfirmCodeScreen
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


async def start(app: KioskApp, shot: Shooter, service: str) -> None:
    """A service's start page, opened as home opens it, then Start."""
    app.post_message(OpenService(service))
    await shot.until(lambda: isinstance(app.screen, ServiceStartScreen), f"the start page of {service}")
    await shot.choose("#start")


async def visit(out: Path, language: str, data: Path) -> None:
    async with demo_kiosk(out, language, data) as (app, pilot, shot):
        await shot.card_in()

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
        await start(app, shot, "ADDRESS-CHANGE")
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
        await shot.sent("the change of address")

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
        await start(app, shot, "COMPANY-ON-THE-SPOT")
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


def journeys2_shots(target: Path) -> None:
    in_each_language(lambda language, data: asyncio.run(visit(target, language, data)))


if __name__ == "__main__":
    journeys2_shots(out_dir(sys.argv))
