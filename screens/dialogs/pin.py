"""Asking for a PIN: an on-screen keypad, the digits masked, the tries left, and a warning before the last try.

The dialog only collects digits; it never tries a PIN itself. It answers with the digits typed (a new
bytearray the caller must zero once used) or None when the person cancels, and zeroes its own copy at once.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from kiosk.card.pins import PinTries
from screens.base import KioskModal
from screens.widgets.buttons import KioskButton
from screens.widgets.keypad import KEY_BINDINGS, Keypad, KeypadKeys, forget
from screens.widgets.status_line import StatusLine

MIN_DIGITS = 4
MAX_DIGITS = 8
MASK = "•"


class PinDialog(KeypadKeys, KioskModal[bytearray | None]):
    """The PIN for ``tries.kind``; in ``pinpad`` mode the reader's own keypad takes it (result ``bytearray()``).

    A blocked PIN says where to unblock it and offers only "OK" (result None). With one try left the warning
    stays in view while the person types; in pinpad mode it is shown first, with Continue and Cancel.
    """

    AUTO_FOCUS = ""  # nothing focused: digits, Backspace and Enter go straight to the dialog
    BINDINGS = KEY_BINDINGS

    def __init__(self, tries: PinTries, pinpad: bool) -> None:
        super().__init__()
        self.tries = tries
        self.pinpad = pinpad
        self._digits = bytearray()  # ASCII digits; zeroed on every way out
        self._too_short: int | None = None
        """How many digits there were when Enter was pressed too soon (the error shown until the next Enter)."""
        self._answered = False

    @property
    def digit_count(self) -> int:
        return len(self._digits)

    @property
    def _asks_digits(self) -> bool:
        return not self.tries.blocked and not self.pinpad

    def compose(self) -> ComposeResult:
        self.set_class(not self._asks_digits, "-no-keypad")
        with VerticalScroll(id="pin-panel"):
            yield Static(id="pin-heading")
            with Horizontal(id="pin-body"):
                with Vertical(id="pin-info"):
                    # What matters most comes first: on a small screen the rest scrolls.
                    yield StatusLine(id="pin-warning")
                    if self._asks_digits:
                        yield Static(id="pin-mask")
                        yield StatusLine(id="pin-error", kind="error")
                        yield StatusLine(id="pin-tries")
                    elif not self.tries.blocked:
                        yield Static(id="pin-pinpad")
                    yield Static(id="pin-kind")
                    if self._asks_digits:
                        yield Static(id="pin-hint", classes="status")
                with Vertical(id="pin-entry"):
                    if self._asks_digits:
                        yield Keypad(id="keypad")
                    with Horizontal(id="pin-actions"):
                        if self.tries.blocked:
                            yield KioskButton(id="pin-ok", variant="primary")
                        else:
                            yield KioskButton(id="pin-cancel")
                            if not self._asks_digits:
                                yield KioskButton(id="pin-continue", variant="primary")

    def on_mount(self) -> None:
        if self.pinpad and not self.tries.blocked and not self.tries.last_try:
            # Nothing to warn about: the reader's keypad takes over, and its own display guides the person.
            self.call_after_refresh(self._answer, bytearray())

    def translate(self) -> None:
        tries = self.tries
        self.query_one("#pin-heading", Static).update(
            self.t("entry.pin.heading_blocked" if tries.blocked else "entry.pin.heading")
        )
        self.query_one("#pin-kind", Static).update(self.t(f"entry.pin.kind_{tries.kind.value}"))
        self._show_warning()
        if self.query("#pin-tries"):
            tries_key = "entry.pin.tries_left_one" if tries.last_try else "entry.pin.tries_left"
            self.query_one("#pin-tries", StatusLine).update(self.t(tries_key, tries=tries.tries_left))
            self.query_one("#pin-hint", Static).update(
                f"{self.t('entry.pin.hidden')} {self.t('entry.pin.keys_hint')}"
            )
            self._show_digits()
            self._show_error()
        if self.query("#pin-pinpad"):
            self.query_one("#pin-pinpad", Static).update(self.t("entry.pin.pinpad"))
        for button_id, key in (
            ("#pin-ok", "entry.pin.ok"),
            ("#pin-cancel", "entry.pin.cancel"),
            ("#pin-continue", "entry.pin.continue"),
        ):
            for button in self.query(button_id).results(KioskButton):
                button.label = self.t(key)

    def _show_warning(self) -> None:
        warning = self.query_one("#pin-warning", StatusLine)
        message = self.tries.user_message(self.kiosk.language)
        if message is None:
            warning.display = False
            return
        key = "entry.pin.blocked" if self.tries.blocked else "entry.pin.last_try"
        warning.update(self.t(key, message=message))
        warning.display = True

    def _show_digits(self) -> None:
        count = len(self._digits)
        mask = " ".join(MASK * count) if count else " "
        self.query_one("#pin-mask", Static).update(mask)

    def _show_error(self) -> None:
        error = self.query_one("#pin-error", StatusLine)
        error.display = self._too_short is not None
        if self._too_short is not None:
            error.update(self.t("entry.pin.too_short", count=self._too_short))  # said at once

    # --- input -----------------------------------------------------------------------------------------------

    def action_digit(self, digit: str) -> None:
        if self._asks_digits and len(self._digits) < MAX_DIGITS:
            self._digits.append(ord(digit))
            self._show_digits()
            self.kiosk.speech.pin_digit(digit)  # "digit entered", unless the person asked to hear digits

    def action_erase(self) -> None:
        if self._asks_digits and self._digits:
            self._digits[-1] = 0
            del self._digits[-1]
            self._show_digits()
            self.kiosk.speech.pin_erased()

    def action_confirm(self) -> None:
        if self.tries.blocked:
            self._answer(None)
        elif self.pinpad:
            self._answer(bytearray())
        elif len(self._digits) < MIN_DIGITS:
            self._too_short = len(self._digits)
            self._show_error()
        else:
            self._answer(bytearray(self._digits))

    def action_cancel(self) -> None:
        self._answer(None)

    def on_kiosk_button_pressed(self, event: KioskButton.Pressed) -> None:
        if event.button.id == "pin-continue":
            self.action_confirm()
        elif event.button.id in {"pin-cancel", "pin-ok"}:
            self._answer(None)

    def _answer(self, result: bytearray | None) -> None:
        if self._answered:
            return  # a double press, or the pinpad's automatic answer after a cancel
        self._answered = True
        self._forget()
        self.dismiss(result)

    def _forget(self) -> None:
        forget(self._digits)
        self._too_short = None

    def on_unmount(self) -> None:
        self._forget()  # also when the session is wiped with the dialog open
