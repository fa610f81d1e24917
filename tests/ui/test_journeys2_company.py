"""Company on the spot through the real app, headless with Pilot, in both languages: the free firm names, the
partners typed as rows (a row added, one partner refused for a private limited company, the shares), the
capital, the check page, and the Multibanco reference to pay; the chosen name is then not offered again.
Snapshots of the partners page."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from kiosk.config import Settings
from kiosk.journey.company import CompanyJourney
from screens.app import KioskApp
from screens.citizen.card_reading import CardReadingScreen
from screens.citizen.check_answers import CheckAnswersScreen
from screens.citizen.confirmation import ConfirmationScreen
from screens.citizen.home import HomeScreen
from screens.citizen.question import QuestionScreen
from screens.dialogs.pin import PinDialog
from screens.messages import OpenService
from screens.widgets.partners import PartnerRow
from tests.helpers import click, wait_until
from tests.journey.test_company import company_service
from tests.ui.entry_helpers import StillKiosk
from tests.ui.journeys2_helpers import on_page, shown

MARIA, OTHER = "123456789", "500000000"
COUNT = {"pt": "de 2 a 10 sócios", "en": "from 2 to 10 partners"}


async def choose(app: KioskApp, pilot: Pilot[Any], field_id: str, value: str) -> None:
    await wait_until(pilot, lambda: on_page(app, field_id), field_id)
    screen = app.screen
    assert isinstance(screen, QuestionScreen)
    assert screen.journey.question is not None
    index = [option.value for option in screen.journey.question.field.options].index(value)
    await click(pilot, f"#option-{index}")
    await click(pilot, "#continue")


async def type_in(app: KioskApp, pilot: Pilot[Any], field_id: str, value: str) -> None:
    await wait_until(pilot, lambda: on_page(app, field_id), field_id)
    app.screen.query_one("#answer-input", Input).value = value
    await click(pilot, "#continue")


def fill_row(app: KioskApp, number: int, nif: str, share: str) -> None:
    row = list(app.screen.query(PartnerRow))[number - 1]
    row.query_one(".partner-nif", Input).value = nif
    row.query_one(".partner-share", Input).value = share


@pytest.mark.parametrize("language", ["pt", "en"])
async def test_company_on_the_spot(demo_settings: Settings, language: str) -> None:
    app = KioskApp(demo_settings)
    try:
        async with app.run_test(size=(100, 36)) as pilot:
            await wait_until(pilot, lambda: app.portal_status_key == "attract.portal_ready", "the portal")
            if language != app.language:
                await click(pilot, "#language")
            await pilot.press("i")  # Maria's card
            await wait_until(pilot, lambda: isinstance(app.screen, CardReadingScreen), "the card reading")
            await wait_until(pilot, lambda: app.screen.query_one("#reading-continue").display, "Continue")
            await click(pilot, "#reading-continue")
            await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
            app.post_message(OpenService("COMPANY-ON-THE-SPOT"))
            await click(pilot, "#start")
            await wait_until(pilot, lambda: isinstance(app.screen, PinDialog), "the PIN")
            await pilot.press(*"1234", "enter")

            await wait_until(pilot, lambda: on_page(app, "company_name"), "the firm names")
            screen = app.screen
            assert isinstance(screen, QuestionScreen)
            assert isinstance(screen.journey, CompanyJourney)
            assert screen.journey.question is not None
            offered = [option.value for option in screen.journey.question.field.options]
            chosen = offered[0]
            await choose(app, pilot, "company_name", chosen)
            await choose(app, pilot, "legal_form", "lda")
            await choose(app, pilot, "applicant_role", "partner")

            await wait_until(pilot, lambda: on_page(app, "partners"), "the partners")
            fill_row(app, 1, MARIA, "100")
            await click(pilot, "#continue")
            await wait_until(pilot, lambda: app.screen.query_one("#inline-error").display, "the refusal")
            assert COUNT[language] in shown(app, "#inline-error")
            await click(pilot, "#partner-add")
            await wait_until(pilot, lambda: len(app.screen.query(PartnerRow)) == 2, "a second row")
            fill_row(app, 1, MARIA, "60")
            fill_row(app, 2, OTHER, "40")
            await click(pilot, "#continue")
            await type_in(app, pilot, "share_capital", "5000")
            await type_in(app, pilot, "activity_code", "62010")
            await wait_until(pilot, lambda: on_page(app, "registered_office"), "the registered office")
            for part, value in (
                ("street", "Rua do Ouro 1"),
                ("postal_code", "1100-060"),
                ("locality", "Lisboa"),
            ):
                app.screen.query_one(f"#answer-{part}", Input).value = value
            await click(pilot, "#continue")
            await wait_until(pilot, lambda: isinstance(app.screen, CheckAnswersScreen), "check your answers")
            await click(pilot, "#submit")
            await wait_until(pilot, lambda: isinstance(app.screen, ConfirmationScreen), "the confirmation")
            done = app.screen
            assert isinstance(done, ConfirmationScreen)
            await wait_until(pilot, lambda: done.confirmation is not None or done.failure is not None, "sent")
            assert done.confirmation is not None, done.failure
            assert done.confirmation.payment is not None  # 360 € by Multibanco (or at the counter)
            assert done.confirmation.payment.reference in shown(app, "#payment")

            assert app.core.portal is not None
            still_free = {name["value"] for name in await app.core.portal.firm_names(language)}
            assert chosen not in still_free  # reserved for this application
            assert len(still_free) == len(offered) - 1
    finally:
        app.stop_services()


@pytest.mark.parametrize("language", ["pt", "en"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_partners(snap_compare: Any, demo_settings: Settings, language: str, size: Any) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        journey = CompanyJourney(company_service(language), applicant_nif=MARIA, language=language)
        journey.begin()
        for raw in ("mar-azul", "lda", "partner"):
            journey.answer(raw)
        journey.answer([{"nif": MARIA, "share": "60"}, {"nif": OTHER, "share": "30"}])  # refused: 90 %
        await pilot.app.push_screen(QuestionScreen(journey))
        await pilot.pause()
        for box in pilot.app.screen.query(Input):
            box.cursor_blink = False
        await pilot.pause()

    app = StillKiosk(demo_settings)
    app.language = language
    assert snap_compare(app, terminal_size=size, run_before=before)
