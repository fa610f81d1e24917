"""A clerk signs in at the counter, and unlocks it, with her own card through the real parts: the card
emulator behind vpcd in the real pcscd, the reader named in the counter's kiosk.toml, the PIN on the kiosk's
keypad, the portal under uvicorn checking the card's chain. Run under flock /tmp/realparts.lock (pcscd)."""

from __future__ import annotations

from pathlib import Path

from kiosk.card.emulator.citizens import find_citizen
from kiosk.card.identity import PinKind
from kiosk.config import load_settings
from portal.content.demo_people import DEMO_COUNTER_TOKEN
from screens.counter.desk import DeskScreen
from screens.counter.lock import LockScreen
from screens.counter.login import LoginScreen
from screens.counter.messages import LockDesk
from screens.dialogs.pin import PinDialog
from tests.card.conftest import READER_1, VirtualCards, pcscd, virtual_cards
from tests.counter.fixtures import drain_queue, shared_portal
from tests.counter.pilot import QuietCounter, portal_up, said
from tests.counter.test_unlock_sessions import session_works
from tests.helpers import click, wait_until
from tests.portal.conftest import RunningPortal

__all__ = ["pcscd", "shared_portal", "virtual_cards"]  # fixtures, used by name
INES_PIN = find_citizen("ines").pin(PinKind.AUTHENTICATION)
MARIA_PIN = find_citizen("maria").pin(PinKind.AUTHENTICATION)


def counter_toml(demo_config: Path, portal: RunningPortal) -> Path:
    """The project's kiosk.toml as a counter's: desk 1, the portal under test, the vpcd reader by its name."""
    text = demo_config.read_text(encoding="utf-8")
    for old, new in (
        ('mode = "kiosk"', 'mode = "counter"'),
        ('url = "embedded"', f'url = "{portal.url}"'),
        ('device_token = ""', f'device_token = "{DEMO_COUNTER_TOKEN}"'),
        ('reader = "simulated"', f'reader = "{READER_1}"'),
        ("pinpad = true", "pinpad = false"),
    ):
        assert old in text, old
        text = text.replace(old, new, 1)
    demo_config.write_text(text, encoding="utf-8")
    return demo_config


async def test_the_clerk_signs_in_and_unlocks_with_her_card_in_a_pcsc_reader(
    demo_config: Path, shared_portal: RunningPortal, virtual_cards: VirtualCards
) -> None:
    drain_queue(shared_portal.url)
    settings = load_settings(counter_toml(demo_config, shared_portal), env={})
    assert settings.card.reader == READER_1
    app = QuietCounter(settings)
    app.language = "en"
    async with app.run_test(size=(120, 40)) as pilot:
        await portal_up(pilot)
        assert isinstance(app.screen, LoginScreen)

        virtual_cards.insert(READER_1, "pt-cc1", "maria")  # a citizen's card, linked to no clerk
        await wait_until(pilot, lambda: isinstance(app.screen, PinDialog), "the PIN of Maria's card", 20)
        await pilot.press(*MARIA_PIN, "enter")
        await wait_until(pilot, lambda: "not linked" in said(app, "#login-problem"), "the refusal", 20)
        assert app.core.counter.clerk is None
        virtual_cards.remove(READER_1)

        virtual_cards.insert(READER_1, "pt-cc1", "ines")  # the demo clerk's own card: its arrival signs in
        await wait_until(pilot, lambda: isinstance(app.screen, PinDialog), "the PIN of the clerk's card", 20)
        await pilot.press(*INES_PIN, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DeskScreen), "the desk", 20)
        clerk = app.core.counter.clerk
        assert clerk is not None
        assert clerk.name == "Ana Balcão"
        before = clerk.token

        app.post_message(LockDesk())
        await wait_until(pilot, lambda: isinstance(app.screen, LockScreen), "the lock")
        await click(pilot, "#lock-card")  # the card still in the reader opens the lock
        await wait_until(pilot, lambda: isinstance(app.screen, PinDialog), "the PIN at the lock", 20)
        await pilot.press(*INES_PIN, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DeskScreen), "the desk again", 20)
        again = app.core.counter.clerk
        assert again is not None
        assert again.staff_id == clerk.staff_id
        assert session_works(shared_portal, again.token)
        assert not session_works(shared_portal, before), "the session from before the lock is ended"
