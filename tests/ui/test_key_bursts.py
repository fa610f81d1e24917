"""Keys that arrive in one fast burst (a password manager, a keyboard wedge, key repeat, a fast typist) are
handled as typed, in order, each where the focus is once the key before it is done (QA H6,
screens/key_order.py).

The burst is posted to the real app the way its terminal driver posts keys: all at once, without waiting for
any to be handled (Pilot's ``press`` waits after every key, so it never shows this). The same in a real
terminal: tests/e2e/test_key_bursts.py.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

from kiosk.config import Settings
from screens.app import KioskApp
from screens.counter.lock import LockScreen
from tests.helpers import wait_until


class ThreeFields(Screen[None]):
    """Street, postal code and place: the address page's shape (Tab moves from one box to the next)."""

    AUTO_FOCUS = "#street"

    def compose(self) -> ComposeResult:
        yield Input(id="street")
        yield Input(id="postal-code")
        yield Input(id="place")


def burst(app: KioskApp, *keys: str) -> None:
    """Post every key at once, as the driver does with what one read from the terminal brought."""
    for key in keys:
        character = key if len(key) == 1 else {"tab": "\t", "enter": "\r", "space": " "}.get(key)
        app.post_message(events.Key(key, character))


def letters(text: str) -> list[str]:
    return ["space" if char == " " else char for char in text]


def boxes(app: KioskApp) -> list[str]:
    return [app.screen.query_one(f"#{box}", Input).value for box in ("street", "postal-code", "place")]


async def settle(pilot: Pilot[Any]) -> None:
    for _ in range(5):
        await pilot.pause(0.05)


async def until_equal(pilot: Pilot[Any], shown: Callable[[], object], expected: object) -> None:
    """Let the app work until ``shown()`` is ``expected`` (10 s at most), then compare."""
    deadline = time.monotonic() + 10
    while shown() != expected and time.monotonic() < deadline:
        await pilot.pause(0.05)
    assert shown() == expected


async def test_a_tab_in_a_burst_moves_on_before_the_next_letters(demo_settings: Settings) -> None:
    app = KioskApp(demo_settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(ThreeFields())
        await wait_until(pilot, lambda: app.focused is not None and app.focused.id == "street", "the first box")
        burst(app, *letters("Rua Nova 5"), "tab", *letters("1000-100"), "tab", *letters("Lisboa"))
        expected = ["Rua Nova 5", "1000-100", "Lisboa"]
        await until_equal(pilot, lambda: boxes(app), expected)


async def test_a_password_after_ctrl_u_in_one_burst_arrives_whole(demo_settings: Settings) -> None:
    """The counter's lock screen: Ctrl+U (empty the box), the password, all at once; the box keeps it."""
    app = KioskApp(demo_settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(LockScreen("Ana"))
        await wait_until(pilot, lambda: app.focused is not None and app.focused.id == "lock-password", "box")
        app.screen.query_one("#lock-password", Input).value = "old"
        burst(app, "ctrl+u", *"s3cret-pass")
        box = app.screen.query_one("#lock-password", Input)
        await until_equal(pilot, lambda: box.value, "s3cret-pass")


async def test_keys_typed_one_by_one_still_arrive(demo_settings: Settings) -> None:
    """Held keys are let go again: a slow key after a burst is not stuck behind it."""
    app = KioskApp(demo_settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(ThreeFields())
        await wait_until(pilot, lambda: app.focused is not None and app.focused.id == "street", "the first box")
        burst(app, *"abc", "tab")
        await settle(pilot)
        await pilot.press("d")
        await until_equal(pilot, lambda: boxes(app), ["abc", "d", ""])
