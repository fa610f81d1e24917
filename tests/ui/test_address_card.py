"""The change of address with a Belgian eID (QA H4), through the real app, headless with Pilot, in both
languages: its start page says it is not for this card, why and what to do instead, and offers no Start; the
"moving house" bundle leaves it out (saying so), asks the card PIN only (no address PIN, no card address) and
runs its other services. Maria's Portuguese card still gets the Start button."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from kiosk.card.emulator.citizens import find_citizen
from kiosk.config import Settings
from screens.app import KioskApp
from screens.citizen.bundle_start import BundleStartScreen
from screens.citizen.card_reading import CardReadingScreen
from screens.citizen.home import HomeScreen
from screens.citizen.question import QuestionScreen
from screens.citizen.service_start import ServiceStartScreen
from screens.dialogs.pin import PinDialog
from screens.messages import OpenService
from tests.helpers import click, wait_until
from tests.ui.journeys2_helpers import shown

WORDS = {
    "pt": ("não é para o cartão", "Portugal não pode alterar", "O que fazer", "Fica de fora"),
    "en": ("not for the card in the reader", "Portugal cannot change", "What to do instead", "Left out"),
}


async def card_at_home(app: KioskApp, pilot: Pilot[Any], citizen: str, language: str) -> None:
    await wait_until(pilot, lambda: app.portal_status_key == "attract.portal_ready", "the portal")
    if language != app.language:
        await click(pilot, "#language")
    app.core.cards.insert_demo_card(citizen)
    await wait_until(pilot, lambda: isinstance(app.screen, CardReadingScreen), "the card reading")
    await wait_until(pilot, lambda: app.screen.query_one("#reading-continue").display, "Continue")
    await click(pilot, "#reading-continue")
    await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")


@pytest.mark.parametrize("language", ["pt", "en"])
async def test_the_change_of_address_is_not_offered_to_a_belgian_card(
    demo_settings: Settings, language: str
) -> None:
    not_for, why, instead, _left_out = WORDS[language]
    app = KioskApp(demo_settings)
    try:
        async with app.run_test(size=(100, 36)) as pilot:
            await card_at_home(app, pilot, "elodie", language)
            app.post_message(OpenService("ADDRESS-CHANGE"))
            await wait_until(pilot, lambda: isinstance(app.screen, ServiceStartScreen), "the start page")
            await pilot.pause()
            notice = shown(app, "#needs-card")
            for words in (not_for, why, instead):
                assert words in notice
            assert not app.screen.query_one("#start").display  # nothing to start
            assert app.screen.focused is app.screen.query_one("#back")
            await pilot.press("enter")  # Back, the focused button: never the change
            await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "home again")
            assert not any(isinstance(screen, PinDialog) for screen in app.screen_stack)
    finally:
        app.stop_services()


async def test_a_portuguese_card_still_starts_the_change(demo_settings: Settings) -> None:
    app = KioskApp(demo_settings)
    try:
        async with app.run_test(size=(100, 36)) as pilot:
            await card_at_home(app, pilot, "maria", "en")
            app.post_message(OpenService("ADDRESS-CHANGE"))
            await wait_until(pilot, lambda: isinstance(app.screen, ServiceStartScreen), "the start page")
            await pilot.pause()
            assert app.screen.query_one("#start").display
            assert WORDS["en"][0] not in shown(app, "#needs-card")
    finally:
        app.stop_services()


@pytest.mark.parametrize("language", ["pt", "en"])
async def test_moving_house_with_a_belgian_card_runs_without_the_change(
    demo_settings: Settings, language: str
) -> None:
    left_out = WORDS[language][3]
    app = KioskApp(demo_settings)
    try:
        async with app.run_test(size=(100, 36)) as pilot:
            await card_at_home(app, pilot, "elodie", language)
            await click(pilot, "#topic-moving-house")
            await wait_until(
                pilot, lambda: app.screen.query_one("#bundle-start").display, "the bundle's button"
            )
            await click(pilot, "#bundle-start")
            await wait_until(pilot, lambda: isinstance(app.screen, BundleStartScreen), "the bundle start")
            start = app.screen
            assert isinstance(start, BundleStartScreen)
            codes = [service.code for service in start.bundle.services]
            assert codes == ["WATER-CONTRACT", "FAMILY-DOCTOR"]
            await wait_until(pilot, lambda: left_out in shown(app, "#bundle-services"), "what is left out")
            await click(pilot, "#bundle-go")
            await wait_until(pilot, lambda: isinstance(app.screen, PinDialog), "the PIN")
            dialog = app.screen
            assert isinstance(dialog, PinDialog)
            assert dialog.tries.kind.value == "authentication"
            await pilot.press(*find_citizen("elodie").pin(dialog.tries.kind), "enter")
            # No address PIN and no card address: straight to the other services' first question.
            await wait_until(pilot, lambda: isinstance(app.screen, QuestionScreen), "the first question")
            assert not any(isinstance(screen, PinDialog) for screen in app.screen_stack)
    finally:
        app.stop_services()
