"""An on-screen numeric keypad for touch: 1-9 in rows, then erase, 0 and confirm, as on a cash machine."""

from __future__ import annotations

from typing import Protocol

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid
from textual.message import Message

from screens.widgets.buttons import KioskButton

ERASE = "erase"
CONFIRM = "confirm"
# Row by row, as on a telephone or a cash machine (ADA 707: the 12-key layout people know).
LAYOUT: tuple[tuple[str, str], ...] = (
    *((digit, digit) for digit in "123456789"),
    (ERASE, "⌫"),
    ("0", "0"),
    (CONFIRM, "✓"),
)


class KeypadKey(KioskButton, can_focus=False):
    """One key of the keypad: touched or clicked, never focused.

    The keyboard already has digits, Backspace and Enter; twelve extra tab stops would only stand between a
    keyboard user and the dialog's own buttons, and a focused key would swallow Enter.
    """

    def __init__(self, key: str, label: str) -> None:
        super().__init__(label, id=f"key-{key}", variant="primary" if key == CONFIRM else "default")
        self.key = key


class Keypad(Grid):
    """Twelve large keys in a 3x4 grid; posts :class:`Keypad.Pressed` with "0"-"9", "erase" or "confirm".

    The keypad keeps no digits: the dialog that owns it decides what a key press means.
    Styled in the PIN dialog's stylesheet.
    """

    class Pressed(Message):
        """A key was touched: ``key`` is a digit, ``ERASE`` or ``CONFIRM``."""

        def __init__(self, keypad: Keypad, key: str) -> None:
            super().__init__()
            self.keypad = keypad
            self.key = key

        @property
        def control(self) -> Keypad:
            return self.keypad

    def compose(self) -> ComposeResult:
        for key, label in LAYOUT:
            yield KeypadKey(key, label)

    def on_kiosk_button_pressed(self, event: KioskButton.Pressed) -> None:
        event.stop()
        if isinstance(event.button, KeypadKey):
            self.post_message(self.Pressed(self, event.button.key))


KEY_BINDINGS: list[BindingType] = [
    *(Binding(digit, f"digit('{digit}')", show=False) for digit in "0123456789"),
    Binding("backspace", "erase", show=False),
    Binding("enter", "confirm", show=False),
    Binding("escape", "cancel", show=False),
]
"""The keyboard's way to the keypad's keys: the BINDINGS of a dialog that holds a keypad (see KeypadKeys)."""


class _KeyActions(Protocol):
    def action_digit(self, digit: str) -> None: ...
    def action_erase(self) -> None: ...
    def action_confirm(self) -> None: ...


class KeypadKeys:
    """Mixin for a dialog holding a :class:`Keypad`: a touched key does what the same key on the keyboard does.

    The dialog takes ``BINDINGS = KEY_BINDINGS`` and defines ``action_digit``, ``action_erase``,
    ``action_confirm`` and ``action_cancel``; touch and keyboard then meet in those actions alone.
    """

    def on_keypad_pressed(self: _KeyActions, event: Keypad.Pressed) -> None:
        if event.key == ERASE:
            self.action_erase()
        elif event.key == CONFIRM:
            self.action_confirm()
        else:
            self.action_digit(event.key)


def forget(digits: bytearray) -> None:
    """Zero typed digits in place, then empty them, so no copy of a PIN stays in the dialog's memory."""
    for index in range(len(digits)):
        digits[index] = 0
    digits.clear()
