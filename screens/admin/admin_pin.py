"""The admin PIN: a keypad, the digits masked, the tries left, and the lock after three wrong PINs.

Answers True once the PIN is right, False when the operator goes back. The PIN is checked on a thread (scrypt
takes a tenth of a second) by kiosk.admin.AdminGate, which zeroes the digits whatever the outcome.
"""

from __future__ import annotations

from math import ceil

from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from kiosk.admin import MAX_PIN_DIGITS, AdminGate, GateAnswer, admin_gate
from screens.base import KioskModal
from screens.widgets.buttons import KioskButton
from screens.widgets.keypad import KEY_BINDINGS, Keypad, KeypadKeys, forget

MASK = "•"


class AdminPinDialog(KeypadKeys, KioskModal[bool]):
    AUTO_FOCUS = ""  # digits, Backspace and Enter go straight to the dialog
    BINDINGS = KEY_BINDINGS

    def __init__(self, gate: AdminGate | None = None) -> None:
        super().__init__()
        self._gate = gate
        self._digits = bytearray()
        self._said: GateAnswer | None = None
        self._checking = False

    @property
    def gate(self) -> AdminGate:
        if self._gate is None:
            self._gate = admin_gate(self.kiosk.settings)
        return self._gate

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="admin-pin-panel"):  # on a small screen the keypad scrolls, Back stays reachable
            yield Static(id="admin-pin-heading")
            yield Static(id="admin-pin-mask")
            yield Static(id="admin-pin-problem")
            yield Static(id="admin-pin-hint", classes="status")
            yield Keypad(id="admin-keypad")
            yield KioskButton(id="admin-pin-cancel")

    def on_mount(self) -> None:
        if wait := self.gate.locked_seconds():
            self._said = GateAnswer(False, 0, wait)

    def translate(self) -> None:
        self.query_one("#admin-pin-heading", Static).update(self.t("admin.pin.heading"))
        self.query_one("#admin-pin-hint", Static).update(self.t("admin.pin.hint"))
        self.query_one("#admin-pin-cancel", KioskButton).label = self.t("admin.pin.cancel")
        self._show()

    def _show(self) -> None:
        count = len(self._digits)
        self.query_one("#admin-pin-mask", Static).update(" ".join(MASK * count) if count else " ")
        problem = self.query_one("#admin-pin-problem", Static)
        said = self._said
        if self._checking:
            message = self.t("admin.pin.checking")
        elif said is None:
            message = ""
        elif said.locked_seconds:
            message = self.t("admin.pin.locked", minutes=ceil(said.locked_seconds / 60))
        else:
            message = self.t("admin.pin.wrong", tries=said.tries_left)
        problem.update(message)
        problem.display = bool(message)

    def action_digit(self, digit: str) -> None:
        if not self._checking and len(self._digits) < MAX_PIN_DIGITS:
            self._digits.append(ord(digit))
            self._show()
            self.kiosk.speech.pin_digit(digit)

    def action_erase(self) -> None:
        if self._digits and not self._checking:
            self._digits[-1] = 0
            del self._digits[-1]
            self._show()

    def action_confirm(self) -> None:
        if self._checking or not self._digits:
            return
        pin, self._digits = self._digits, bytearray()
        self._checking = True
        self._show()
        self.check(pin)

    @work(thread=True, exclusive=True, group="admin-pin", exit_on_error=False)
    def check(self, pin: bytearray) -> None:
        answer = self.gate.attempt(pin)  # zeroes pin
        self.app.call_from_thread(self._answered, answer)

    def _answered(self, answer: GateAnswer) -> None:
        self._checking = False
        if answer.allowed:
            self.dismiss(True)
            return
        self._said = answer
        self._show()
        self.kiosk.speech.error(str(self.query_one("#admin-pin-problem", Static).visual))

    def action_cancel(self) -> None:
        self._forget()
        self.dismiss(False)

    def on_kiosk_button_pressed(self, event: KioskButton.Pressed) -> None:
        if event.button.id == "admin-pin-cancel":
            self.action_cancel()

    def _forget(self) -> None:
        forget(self._digits)

    def on_unmount(self) -> None:
        self._forget()
