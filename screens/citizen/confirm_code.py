"""'I have a confirmation code': the code from the change-of-address letter, typed at any kiosk.

The screen dismisses with the code typed (the navigation sends it, once) or None for Back. Opened again with
the outcome of the last try, it says it in plain words: how many tries remain after a wrong code, that a new
letter is needed once they are spent, or that the address is changed (then only Home is offered).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Static

from kiosk.journey.address_change import CodeOutcome
from screens.base import KioskScreen, TitleBar
from screens.widgets.buttons import KioskButton, LanguageButton
from screens.widgets.status_line import StatusLine

MIN_CODE = 4


class ConfirmCodeScreen(KioskScreen[str | None]):
    BINDINGS = [Binding("escape", "back", "Back", show=False)]
    AUTO_FOCUS = "#code"

    def __init__(self, reference: str, outcome: CodeOutcome | None = None) -> None:
        super().__init__()
        self.reference = reference
        self.outcome = outcome
        self._too_short = False

    @property
    def finished(self) -> bool:
        """Nothing more to type: done, spent, or no longer waiting."""
        outcome = self.outcome
        return outcome is not None and (outcome.done or outcome.blocked or outcome.not_waiting)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="page"):
            yield Static(id="code-heading")
            yield Static(id="code-how")
            yield StatusLine(id="code-outcome")
            yield Input(id="code", max_length=20, classes="-example")
        with Horizontal(id="bottom"):
            yield KioskButton(id="code-send", variant="primary")
            yield KioskButton(id="code-back")
            yield LanguageButton()

    def on_mount(self) -> None:
        finished = self.finished
        self.query_one("#code", Input).display = not finished
        self.query_one("#code-send").display = not finished
        if finished:
            self.query_one("#code-back", KioskButton).focus()

    def translate(self) -> None:
        self.query_one("#code-heading", Static).update(self.t("j2.code.heading", reference=self.reference))
        self.query_one("#code-how", Static).update("" if self.finished else self.t("j2.code.how"))
        self.query_one("#code", Input).placeholder = self.t("j2.code.placeholder")
        self.query_one("#code-send", KioskButton).label = self.t("j2.code.send")
        self.query_one("#code-back", KioskButton).label = self.t("j2.code.home" if self.finished else "j2.back")
        self._show_outcome()

    def _show_outcome(self) -> None:
        line = self.query_one("#code-outcome", StatusLine)
        message = self._outcome_words()
        line.kind = "status" if self.outcome is not None and self.outcome.done else "error"
        line.update(message)
        line.display = bool(message)
        line.set_class(self.outcome is not None and self.outcome.done, "-done")

    def _outcome_words(self) -> str:
        if self._too_short:
            return self.t("j2.code.too_short")
        outcome = self.outcome
        if outcome is None:
            return ""
        if outcome.done:
            return self.t("j2.code.done")
        if outcome.blocked:
            return self.t("j2.code.blocked")
        if outcome.not_waiting:
            return self.t("j2.code.not_waiting")
        if outcome.tries_left is not None:
            key = "j2.code.wrong_last" if outcome.tries_left == 1 else "j2.code.wrong"
            return self.t(key, tries=outcome.tries_left)
        return self.t("j2.code.wrong_unknown")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.send()

    @on(KioskButton.Pressed, "#code-send")
    def send(self) -> None:
        code = self.query_one("#code", Input).value.strip()
        if len([char for char in code if char.isalnum()]) < MIN_CODE:
            self._too_short = True
            self._show_outcome()
            return
        self.query_one("#code", Input).value = ""
        self.dismiss(code)

    @on(KioskButton.Pressed, "#code-back")
    def action_back(self) -> None:
        self.dismiss(None)
