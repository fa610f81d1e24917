"""The PIN dialog and the idle warning, by keys and by touch, in both languages, small and large terminals."""

from __future__ import annotations

import time
from typing import Any

import pytest

from kiosk.card.identity import PinKind
from kiosk.card.pins import PinTries
from kiosk.config import Settings
from screens.dialogs.idle import IdleDialog
from screens.dialogs.pin import PinDialog
from tests.helpers import click, wait_until
from tests.ui.entry_helpers import StillKiosk, in_view, screen_text, shown

LANGUAGES = ["pt", "en"]
WORDS = {  # a few words of each language, to tell which one is on screen
    "pt": {"heading": "Introduza o seu PIN", "tries": "Restam 3 tentativas", "last": "última tentativa"},
    "en": {"heading": "Enter your PIN", "tries": "3 tries left", "last": "last try"},
}


def tries(left: int = 3, kind: PinKind = PinKind.AUTHENTICATION) -> PinTries:
    return PinTries(kind=kind, tries_left=left, where_to_unblock="where.pt")


async def open_dialog(app: StillKiosk, pilot: Any, dialog: Any, results: list[Any]) -> None:
    await app.push_screen(dialog, results.append)  # returns once the dialog is mounted
    await pilot.pause()


# --- PIN ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
async def test_pin_by_keys_is_masked_and_answered_when_confirmed(
    demo_settings: Settings, language: str
) -> None:
    app = StillKiosk(demo_settings)
    results: list[bytearray | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.language = language
        dialog = PinDialog(tries(3), pinpad=False)
        await open_dialog(app, pilot, dialog, results)
        assert WORDS[language]["heading"] in screen_text(app)
        assert WORDS[language]["tries"] in screen_text(app)
        await pilot.press("1", "9", "7")
        assert shown(app, "#pin-mask") == "• • •"
        assert not any(digit in screen_text(app, buttons=False) for digit in "179")  # never a typed digit
        await pilot.press("enter")  # three digits are too few: said plainly, nothing answered
        assert results == []
        assert "⚠" in shown(app, "#pin-error")
        await pilot.press("backspace", "2", "5")
        assert shown(app, "#pin-mask") == "• • • •"
        await pilot.press("enter")
        await wait_until(pilot, lambda: results != [], "the PIN")
    assert results == [bytearray(b"1925")]
    assert dialog.digit_count == 0  # the dialog's own copy is gone


@pytest.mark.parametrize("language", LANGUAGES)
async def test_pin_by_touch(demo_settings: Settings, language: str) -> None:
    app = StillKiosk(demo_settings)
    results: list[bytearray | None] = []
    async with app.run_test(size=(120, 40)) as pilot:
        app.language = language
        await open_dialog(app, pilot, PinDialog(tries(3), pinpad=False), results)
        for key in ("key-4", "key-0", "key-0", "key-8", "key-erase", "key-1", "key-2"):
            await click(pilot, f"#{key}")
        assert shown(app, "#pin-mask") == "• • • • •"
        await click(pilot, "#key-confirm")
        await wait_until(pilot, lambda: results != [], "the PIN")
    assert results == [bytearray(b"40012")]


async def test_pin_takes_at_most_eight_digits(demo_settings: Settings) -> None:
    app = StillKiosk(demo_settings)
    results: list[bytearray | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dialog(app, pilot, PinDialog(tries(3), pinpad=False), results)
        await pilot.press(*"1234567890", "enter")
        await wait_until(pilot, lambda: results != [], "the PIN")
    assert results == [bytearray(b"12345678")]


@pytest.mark.parametrize("how", ["escape", "click"])
async def test_pin_cancelled_answers_none_and_forgets_the_digits(demo_settings: Settings, how: str) -> None:
    app = StillKiosk(demo_settings)
    results: list[bytearray | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = PinDialog(tries(3), pinpad=False)
        await open_dialog(app, pilot, dialog, results)
        await pilot.press("1", "2", "3", "4")
        if how == "escape":
            await pilot.press("escape")
        else:
            await click(pilot, "#pin-cancel")
        await wait_until(pilot, lambda: results != [], "the answer")
        assert dialog.digit_count == 0
    assert results == [None]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_last_try_is_warned_in_words_and_sign(demo_settings: Settings, language: str) -> None:
    app = StillKiosk(demo_settings)
    results: list[bytearray | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.language = language
        await open_dialog(app, pilot, PinDialog(tries(1), pinpad=False), results)
        warning = shown(app, "#pin-warning")
        assert warning.startswith("⚠")
        assert WORDS[language]["last"] in warning
        await pilot.press(*"0000", "enter")  # the person still decides: the PIN is answered, not tried here
        await wait_until(pilot, lambda: results != [], "the PIN")
    assert results == [bytearray(b"0000")]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_blocked_pin_says_where_to_unblock_and_offers_only_ok(
    demo_settings: Settings, language: str
) -> None:
    app = StillKiosk(demo_settings)
    results: list[bytearray | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.language = language
        await open_dialog(app, pilot, PinDialog(tries(0), pinpad=False), results)
        assert "Loja do Cidadão" in shown(app, "#pin-warning")
        assert not app.screen.query("#keypad")
        assert not app.screen.query("#pin-cancel")
        await pilot.press("1", "2", "3", "4")  # no entry possible
        assert results == []
        await click(pilot, "#pin-ok")
        await wait_until(pilot, lambda: results != [], "the answer")
    assert results == [None]


async def test_pinpad_answers_at_once_without_digits(demo_settings: Settings) -> None:
    app = StillKiosk(demo_settings)
    results: list[bytearray | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(PinDialog(tries(3), pinpad=True), results.append)
        await wait_until(pilot, lambda: results != [], "the answer")
    assert results == [bytearray()]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_pinpad_on_the_last_try_warns_first(demo_settings: Settings, language: str) -> None:
    app = StillKiosk(demo_settings)
    results: list[bytearray | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.language = language
        await open_dialog(app, pilot, PinDialog(tries(1), pinpad=True), results)
        await pilot.pause(0.3)
        assert results == []  # the warning waits for the person
        assert WORDS[language]["last"] in shown(app, "#pin-warning")
        assert ("leitor" if language == "pt" else "reader") in shown(app, "#pin-pinpad")
        await click(pilot, "#pin-continue")
        await wait_until(pilot, lambda: results != [], "the answer")
    assert results == [bytearray()]


async def test_language_switch_keeps_the_digits_typed(demo_settings: Settings) -> None:
    app = StillKiosk(demo_settings)
    results: list[bytearray | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dialog(app, pilot, PinDialog(tries(3), pinpad=False), results)
        await pilot.press("1", "2")
        app.action_switch_language()
        await pilot.pause()
        assert WORDS["en"]["heading"] in screen_text(app)
        await pilot.press("3", "4", "enter")
        await wait_until(pilot, lambda: results != [], "the PIN")
    assert results == [bytearray(b"1234")]


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)])
@pytest.mark.parametrize("left", [3, 1])
async def test_pin_dialog_fits(demo_settings: Settings, size: tuple[int, int], left: int) -> None:
    app = StillKiosk(demo_settings)
    async with app.run_test(size=size) as pilot:
        await open_dialog(app, pilot, PinDialog(tries(left), pinpad=False), [])
        for selector in (
            "#pin-heading",
            "#pin-mask",
            "#key-1",
            "#key-0",
            "#key-confirm",
            "#key-erase",
            "#pin-cancel",
        ):
            assert in_view(app, selector), f"{selector} hidden at {size}"
        if left == 1:
            assert in_view(app, "#pin-warning")
        for key in app.screen.query("KeypadKey"):
            assert key.region.height >= 3  # touch targets three rows high


# --- idle ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
async def test_idle_counts_down_then_answers_false(demo_settings: Settings, language: str) -> None:
    app = StillKiosk(demo_settings)
    results: list[bool | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.language = language
        dialog = IdleDialog(3)
        await open_dialog(app, pilot, dialog, results)
        assert ("3 segundos" if language == "pt" else "3 seconds") in shown(app, "#idle-countdown")
        started = time.monotonic()
        await wait_until(pilot, lambda: dialog.seconds_left == 2, "one second less", timeout=5)
        assert ("2 segundos" if language == "pt" else "2 seconds") in shown(app, "#idle-countdown")
        await wait_until(pilot, lambda: results != [], "the countdown's end", timeout=10)
        assert time.monotonic() - started >= 1.5  # about a second per step, not all at once
    assert results == [False]


@pytest.mark.parametrize(
    ("how", "answer"), [("more", True), ("done", False), ("escape", True), ("enter", True)]
)
async def test_idle_answers(demo_settings: Settings, how: str, answer: bool) -> None:
    app = StillKiosk(demo_settings)
    results: list[bool | None] = []
    async with app.run_test(size=(60, 20)) as pilot:
        await open_dialog(app, pilot, IdleDialog(30), results)
        assert in_view(app, "#idle-more")
        assert in_view(app, "#idle-done")
        if how in {"escape", "enter"}:
            await pilot.press(how)  # Enter presses "More time", which has the focus
        else:
            await click(pilot, f"#idle-{how}")
        await wait_until(pilot, lambda: results != [], "the answer")
    assert results == [answer]


async def test_more_time_can_be_chosen_again_and_again(demo_settings: Settings) -> None:
    app = StillKiosk(demo_settings)
    results: list[bool | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        for round_number in range(1, 12):
            await open_dialog(app, pilot, IdleDialog(30), results)
            await click(pilot, "#idle-more")
            await wait_until(pilot, lambda n=round_number: len(results) == n, "the answer")  # type: ignore[misc]
    assert results == [True] * 11
