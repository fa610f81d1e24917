"""Pictures of the entry screens and dialogs in both languages at 80x24 and 120x40, against the saved SVGs."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from textual.pilot import Pilot
from textual.widgets import Input

from kiosk.card.emulator.photo import demo_portrait
from kiosk.card.identity import Photo, PinKind
from kiosk.card.pins import PinTries
from kiosk.config import Settings
from screens.citizen.card_reading import CardReadingScreen
from screens.citizen.leaving import LeavingScreen
from screens.citizen.verify import VerifyScreen
from screens.dialogs.idle import IdleDialog
from screens.dialogs.pin import PinDialog
from screens.widgets.photo import PhotoView
from tests.helpers import wait_until
from tests.ui.entry_helpers import DOCUMENT, StillKiosk, offline, save_trust_list

LANGUAGES = ["pt", "en"]
SIZES = [(80, 24), (120, 40)]
# A fixed key (a snapshot must not change between runs, and the key id is not shown, but the seal is typed in).
SEAL_KEY = ec.derive_private_key(0x5EA1_5EA1_5EA1, ec.SECP256R1())

Before = Callable[[Pilot[Any]], Awaitable[None]]


class StillCardReading(CardReadingScreen):
    HOLDER_SECONDS = 3600.0  # the picture is taken long before the screen would move on


def run_snapshot(
    snap_compare: Any, settings: Settings, language: str, size: tuple[int, int], before: Before
) -> bool:
    app = StillKiosk(settings)
    app.language = language
    return bool(snap_compare(app, terminal_size=size, run_before=before))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", SIZES)
def test_attract(snap_compare: Any, demo_settings: Settings, language: str, size: tuple[int, int]) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        await pilot.pause()

    assert run_snapshot(snap_compare, demo_settings, language, size, before)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", SIZES)
def test_card_reading(snap_compare: Any, demo_settings: Settings, language: str, size: tuple[int, int]) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        screen = StillCardReading()
        await pilot.app.push_screen(screen)
        screen.show_holder("Maria João Gonçalves Conceição")
        screen.show_photo(Photo(demo_portrait("maria"), "image/jp2"))
        await wait_until(pilot, lambda: screen.query_one(PhotoView).has_image, "the photo")
        await pilot.pause()

    assert run_snapshot(snap_compare, demo_settings, language, size, before)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", SIZES)
def test_card_problem(snap_compare: Any, demo_settings: Settings, language: str, size: tuple[int, int]) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        screen = StillCardReading()
        await pilot.app.push_screen(screen)
        screen.show_problem("The card could not be read. Please remove it and insert it again.")
        await pilot.pause()

    assert run_snapshot(snap_compare, demo_settings, language, size, before)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("tries_left", [3, 1, 0])
def test_pin(
    snap_compare: Any, demo_settings: Settings, language: str, size: tuple[int, int], tries_left: int
) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        await pilot.app.push_screen(PinDialog(PinTries(PinKind.AUTHENTICATION, tries_left, "where.pt"), False))
        await pilot.press("1", "2", "3")
        await pilot.pause()

    assert run_snapshot(snap_compare, demo_settings, language, size, before)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", SIZES)
def test_idle(snap_compare: Any, demo_settings: Settings, language: str, size: tuple[int, int]) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        dialog = IdleDialog(30)
        await pilot.app.push_screen(dialog)
        assert dialog.countdown is not None
        dialog.countdown.pause()  # the picture shows 30 seconds, however long it takes to take it
        await pilot.pause()

    assert run_snapshot(snap_compare, demo_settings, language, size, before)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", SIZES)
def test_leaving(snap_compare: Any, demo_settings: Settings, language: str, size: tuple[int, int]) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        await pilot.app.push_screen(LeavingScreen())
        await pilot.pause()

    assert run_snapshot(snap_compare, demo_settings, language, size, before)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", SIZES)
def test_verify(snap_compare: Any, demo_settings: Settings, language: str, size: tuple[int, int]) -> None:
    from kiosk.seal import sign_seal

    settings = offline(demo_settings)
    save_trust_list(settings, SEAL_KEY)
    seal = sign_seal(DOCUMENT, SEAL_KEY)

    async def before(pilot: Pilot[Any]) -> None:
        screen = VerifyScreen()
        await pilot.app.push_screen(screen)
        field = screen.query_one("#seal", Input)
        field.cursor_blink = False
        field.value = seal
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.check is not None, "the verdict", timeout=30)
        field.value = ""  # the seal text is long and random-looking: keep the picture about the verdict
        await pilot.pause()

    assert run_snapshot(snap_compare, settings, language, size, before)
