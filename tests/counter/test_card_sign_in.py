"""A clerk signs in, and unlocks the desk, with their own card and PIN (the demo clerk's card is Inês's demo
card), against the reference portal under uvicorn. The card here is the card emulator behind the simulated
reader (the same APDUs as through pcscd); a citizen's card linked to nobody is refused in plain words."""

from __future__ import annotations

from kiosk.card.emulator.citizens import find_citizen
from kiosk.card.identity import PinKind
from kiosk.config import Settings
from screens.counter.desk import DeskScreen
from screens.counter.lock import LockScreen
from screens.counter.login import LoginScreen
from screens.dialogs.pin import PinDialog
from tests.counter.fixtures import counter_settings, shared_portal
from tests.counter.pilot import QuietCounter, portal_up, said
from tests.counter.test_unlock_sessions import session_works
from tests.helpers import click, wait_until
from tests.portal.conftest import RunningPortal

__all__ = ["counter_settings", "shared_portal"]
INES_PIN = find_citizen("ines").pin(PinKind.AUTHENTICATION)


async def test_the_clerk_signs_in_and_unlocks_with_her_card_and_pin(
    counter_settings: Settings, shared_portal: RunningPortal
) -> None:
    app = QuietCounter(counter_settings)
    app.language = "en"
    async with app.run_test(size=(120, 40)) as pilot:
        await portal_up(pilot)
        await click(pilot, "#login-card-button")  # the demo clerk's card goes into the simulated reader
        await wait_until(pilot, lambda: isinstance(app.screen, PinDialog), "the PIN")
        await pilot.press(*INES_PIN, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DeskScreen), "the desk")
        clerk = app.core.counter.clerk
        assert clerk is not None
        assert (clerk.username, clerk.name) == ("clerk", "Ana Balcão")

        before = clerk.token

        app.set_focus(None)
        await pilot.press("l")
        await wait_until(pilot, lambda: isinstance(app.screen, LockScreen), "the lock")
        await click(pilot, "#lock-card")
        await wait_until(pilot, lambda: isinstance(app.screen, PinDialog), "the PIN at the lock")
        await pilot.press(*INES_PIN, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DeskScreen), "the desk again")
        again = app.core.counter.clerk
        assert again is not None
        assert again.staff_id == clerk.staff_id
        assert session_works(shared_portal, again.token)
        assert not session_works(shared_portal, before), "the session from before the lock is ended"


async def test_a_card_linked_to_no_clerk_is_refused_in_plain_words(counter_settings: Settings) -> None:
    app = QuietCounter(counter_settings)
    app.language = "en"
    async with app.run_test(size=(120, 40)) as pilot:
        await portal_up(pilot)
        await pilot.pause()
        app.core.cards.insert_demo_card("maria")
        await wait_until(pilot, lambda: isinstance(app.screen, PinDialog), "the PIN")
        await pilot.press(*find_citizen("maria").pin(PinKind.AUTHENTICATION), "enter")
        await wait_until(pilot, lambda: "not linked" in said(app, "#login-problem"), "the refusal")
        assert isinstance(app.screen, LoginScreen)
        assert "This card is not linked to a clerk account." in said(app, "#login-problem")
        assert app.core.counter.clerk is None
