"""The hidden admin screen through Pilot, in both languages: F12 three times, the admin PIN with its lock, the
state of a real core, the exit; and the keys that must not leave `kiosk run`. Snapshots at 80x24 and 120x40."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from kiosk.admin import DEMO_ADMIN_PIN, AdminStatus, PortalState, PrinterLine, ReaderState
from kiosk.config import Settings
from kiosk.core import KioskCore
from kiosk.i18n import text
from screens.admin.admin_pin import AdminPinDialog
from screens.admin.admin_screen import AdminScreen
from tests.helpers import click, wait_until
from tests.ui.entry_helpers import StillKiosk, screen_text

LANGUAGES = ["pt", "en"]
SIZES = [(80, 24), (120, 40)]


async def open_pin(pilot: Pilot[Any]) -> None:
    await pilot.press("f12", "f12", "f12")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, AdminPinDialog), "the admin PIN dialog")


async def type_pin(pilot: Pilot[Any], pin: str) -> None:
    await pilot.press(*pin, "enter")


@pytest.mark.parametrize("language", LANGUAGES)
async def test_wrong_pins_then_the_lock_then_the_right_one_waits(
    demo_settings: Settings, language: str
) -> None:
    app = StillKiosk(demo_settings)
    app.language = language
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f12", "f12")
        await pilot.pause()
        assert not isinstance(app.screen, AdminPinDialog)  # two presses are not the chord
        await pilot.press("f12")
        await wait_until(pilot, lambda: isinstance(app.screen, AdminPinDialog), "the admin PIN dialog")
        for tries_left in (2, 1):
            await type_pin(pilot, "000000")
            wrong = text(language, "admin.pin.wrong", tries=tries_left)
            await wait_until(pilot, lambda wrong=wrong: wrong in screen_text(app), f"{tries_left} tries left")  # type: ignore[misc]
        await type_pin(pilot, "111111")
        locked = text(language, "admin.pin.locked", minutes=5)
        await wait_until(pilot, lambda: locked in screen_text(app), "the lock")
        await type_pin(pilot, DEMO_ADMIN_PIN)
        await pilot.pause(0.5)
        assert isinstance(app.screen, AdminPinDialog)  # locked: even the right PIN waits
        assert DEMO_ADMIN_PIN not in screen_text(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, AdminPinDialog), "back")
        # Reopened, the dialog still says it is locked (the state survives in data_dir).
        await open_pin(pilot)
        await wait_until(pilot, lambda: locked in screen_text(app), "still locked")


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_right_pin_shows_the_state_and_exit_leaves(demo_settings: Settings, language: str) -> None:
    app = StillKiosk(demo_settings)
    app.language = language
    async with app.run_test(size=(120, 40)) as pilot:
        await open_pin(pilot)
        # By touch: the on-screen keypad.
        for digit in DEMO_ADMIN_PIN:
            await click(pilot, f"#key-{digit}")
        await click(pilot, "#key-confirm")
        await wait_until(pilot, lambda: isinstance(app.screen, AdminScreen), "the admin screen", timeout=20)
        screen = app.screen
        assert isinstance(screen, AdminScreen)
        await wait_until(pilot, lambda: screen.status is not None, "the state")
        shown = screen_text(app)
        for key in (
            "admin.screen.readers",
            "admin.screen.printers",
            "admin.screen.journal",
            "admin.screen.portal",
        ):
            assert text(language, key) in shown
        assert "receipt" in shown
        assert "documents" in shown
        assert "admin_pin_hash = <set>" not in shown
        assert "scrypt$" not in shown
        await pilot.press("x")
        await wait_until(pilot, lambda: app.return_code == 0, "the kiosk to exit")


async def test_test_page_and_journal_retry_from_the_admin_screen(demo_settings: Settings) -> None:
    app = StillKiosk(demo_settings)
    app.language = "en"
    async with app.run_test(size=(120, 40)) as pilot:
        screen = AdminScreen()
        await app.push_screen(screen)
        await wait_until(pilot, lambda: screen.status is not None, "the state")
        await pilot.press("p")
        await wait_until(pilot, lambda: "Test page:" in screen_text(app), "the test page outcome", timeout=30)
        spool = Path(str(demo_settings.printers.receipt).removeprefix("spool:"))
        assert list(spool.glob("*.pdf"))
        await pilot.press("j")
        await wait_until(pilot, lambda: "Print journal retried" in screen_text(app), "the retry", timeout=30)
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, AdminScreen), "closed")


@pytest.mark.parametrize("demo", [False, True])
async def test_ctrl_q_ctrl_c_ctrl_z_do_not_leave_a_kiosk(demo_settings: Settings, demo: bool) -> None:
    app = StillKiosk(demo_settings, demo=demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+c", "ctrl+z", "ctrl+p")
        await pilot.pause(0.3)
        assert app.is_running
        assert app.return_code is None
        await pilot.press("ctrl+q")
        await pilot.pause(0.3)
        assert (app.return_code == 0) is demo  # only `kiosk demo` may be left with Ctrl+Q


def fixed_status(core: KioskCore) -> AdminStatus:
    """A state that does not change between runs, for the pictures."""
    return AdminStatus(
        taken_at=datetime(2026, 12, 1, 9, 30),
        kiosk_version="0.1.0",
        readers=[ReaderState("Simulated reader", "demo card")],
        reader_problem="",
        printers=[
            PrinterLine("receipt", "spool:/var/spool/kiosk", "ready", "status.ready", ()),
            PrinterLine(
                "documents", "ipp://127.0.0.1:8631/ipp/print", "stopped", "status.no_paper", ("media-empty",)
            ),
        ],
        journal={"printed": 12, "queued": 1},
        outbox={"pending": 0, "delivered": 3, "rejected": 0},
        portal=PortalState("http://127.0.0.1:8765", True, "1.0.0"),
        config=[("kiosk.id", "demo-kiosk-01"), ("portal.device_token", "<set>"), ("card.reader", "simulated")],
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", SIZES)
def test_admin_screen_snapshot(
    snap_compare: Any, demo_settings: Settings, language: str, size: tuple[int, int]
) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        screen = AdminScreen(collect=fixed_status)
        await pilot.app.push_screen(screen)
        await wait_until(pilot, lambda: screen.status is not None, "the state")
        await pilot.pause()

    app = StillKiosk(demo_settings)
    app.language = language
    assert snap_compare(app, terminal_size=size, run_before=before)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", SIZES)
def test_admin_pin_snapshot(
    snap_compare: Any, demo_settings: Settings, language: str, size: tuple[int, int]
) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        await open_pin(pilot)
        await type_pin(pilot, "000000")
        wrong = text(language, "admin.pin.wrong", tries=2)
        await wait_until(pilot, lambda: wrong in screen_text(pilot.app), "the wrong PIN said")
        await pilot.press("1", "2")
        await pilot.pause()

    app = StillKiosk(demo_settings)
    app.language = language
    assert snap_compare(app, terminal_size=size, run_before=before)
