"""A booking code on a large on-screen keyboard: the keys are the code's own alphabet (no 0/O, 1/I/L to mix
up), so nothing typed can be a wrong character; the dash is added for reading.

The keyboard keeps what is typed and posts :class:`CodeKeyboard.Submitted` with the full code (HK3M-7QPA) or
:class:`CodeKeyboard.Cancelled`; the screen that shows it gives it its words (``texts``) and routes the
physical keyboard to it (letters and digits, Backspace, Enter, Escape).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical
from textual.message import Message
from textual.widgets import Static

from kiosk.client.appointments import CODE_ALPHABET, CODE_LENGTH, grouped
from screens.widgets.buttons import KioskButton
from screens.widgets.keypad import CONFIRM, ERASE, KeypadKey
from screens.widgets.status_line import StatusLine


@dataclass(frozen=True)
class KeyboardTexts:
    lead: str
    cancel: str
    too_short: str


class CodeKeyboard(Vertical):
    class Submitted(Message):
        def __init__(self, code: str) -> None:
            super().__init__()
            self.code = code

    class Cancelled(Message):
        pass

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.typed = ""
        self.texts = KeyboardTexts("", "", "")

    def compose(self) -> ComposeResult:
        yield Static(id="code-lead")
        yield Static(id="code-typed")
        with Grid(id="code-keys"):
            for character in CODE_ALPHABET:
                yield KeypadKey(character, character)
            yield KeypadKey(ERASE, "⌫")
            yield KeypadKey(CONFIRM, "✓")
        yield StatusLine(id="code-message", classes="status")
        with Horizontal(id="code-actions"):
            yield KioskButton(id="code-cancel")

    def show_texts(self, texts: KeyboardTexts) -> None:
        self.texts = texts
        self.query_one("#code-lead", Static).update(texts.lead)
        self.query_one("#code-cancel", KioskButton).label = texts.cancel
        self._show()

    def reset(self) -> None:
        self.typed = ""
        self.query_one("#code-message", StatusLine).update("")
        self._show()

    def _show(self) -> None:
        shown = grouped(self.typed + "_" * (CODE_LENGTH - len(self.typed)))
        self.query_one("#code-typed", Static).update(" ".join(shown))

    def type(self, character: str) -> bool:
        """Add a character of the code (False when it is not one, or the code is full)."""
        character = character.upper()
        if len(character) != 1 or character not in CODE_ALPHABET or len(self.typed) >= CODE_LENGTH:
            return False
        self.typed += character
        self.query_one("#code-message", StatusLine).update("")
        self._show()
        return True

    def erase(self) -> None:
        self.typed = self.typed[:-1]
        self._show()

    def confirm(self) -> None:
        if len(self.typed) < CODE_LENGTH:
            self.query_one("#code-message", StatusLine).update(self.texts.too_short)
            return
        self.post_message(self.Submitted(grouped(self.typed)))

    def on_kiosk_button_pressed(self, event: KioskButton.Pressed) -> None:
        event.stop()
        if isinstance(event.button, KeypadKey):
            key = event.button.key
            if key == ERASE:
                self.erase()
            elif key == CONFIRM:
                self.confirm()
            else:
                self.type(key)
        elif event.button.id == "code-cancel":
            self.post_message(self.Cancelled())
