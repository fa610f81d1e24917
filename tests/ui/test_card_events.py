"""The card in the app: pulled out mid-read, removed mid-journey, and the next person starts from nothing."""

from __future__ import annotations

from textual.widgets import Static

from kiosk.card.emulator.card import Faults
from kiosk.config import Settings
from screens.app import KioskApp
from screens.citizen.attract import AttractScreen
from screens.citizen.card_reading import CardReadingScreen
from screens.citizen.home import HomeScreen
from tests.helpers import click, wait_until


class CardOnlyKiosk(KioskApp):
    """The kiosk with its reader but without the portal: these tests are about the card."""

    def start_services(self) -> None:
        self.start_reader()


def shown(app: KioskApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_card_pulled_mid_read_says_so_and_keeps_nothing(demo_settings: Settings) -> None:
    app = CardOnlyKiosk(demo_settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.core.reader is not None, "the reader")
        assert app.core.reader is not None
        app.core.reader.insert("maria", faults=Faults(pull_after=3))
        await wait_until(pilot, lambda: isinstance(app.screen, CardReadingScreen), "the card reading")
        await wait_until(
            pilot, lambda: "retirado" in shown(app, "#reading-problem"), "the card-removed message"
        )
        assert app.session is None
        await click(pilot, "#reading-back")
        await wait_until(pilot, lambda: isinstance(app.screen, AttractScreen), "the attract screen")


async def test_removing_the_card_wipes_the_session(demo_settings: Settings) -> None:
    app = CardOnlyKiosk(demo_settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.core.reader is not None, "the reader")
        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(app.screen, CardReadingScreen), "the card reading")
        await wait_until(pilot, lambda: app.screen.query_one("#reading-continue").display, "Continue")
        await click(pilot, "#reading-continue")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "the home screen")
        session = app.session
        assert session is not None
        assert session.holder_name
        await click(pilot, "#language")  # the person switches to English...
        assert app.language == "en"
        app.core.remove_demo_card()  # ...and pulls the card out
        await wait_until(pilot, lambda: isinstance(app.screen, AttractScreen), "the attract screen")
        assert app.session is None
        assert session.holder_name == ""
        assert session.identity is None
        assert app.language == "pt"  # the next person starts in the kiosk's own language
        assert len(app.screen_stack) == 1
