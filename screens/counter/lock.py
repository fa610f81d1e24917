"""The desk locked: nothing of the queue or the citizen shows; the clerk's password, or their own card and PIN,
opens it again.

It covers the whole terminal (opaque), so what was on the desk cannot be read while the clerk is away. Another
clerk can sign the first one out from here and sign in themselves.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Static

from screens.base import KioskScreen, TitleBar
from screens.counter.base import warned
from screens.counter.messages import CardSignIn, SignOut, Unlock
from screens.widgets.action_bar import ActionBar
from screens.widgets.buttons import KioskButton, LanguageButton


class LockScreen(KioskScreen[None]):
    SHOWS_QUEUE = False  # nothing of the queue shows behind the lock
    AUTO_FOCUS = "#lock-password"

    def __init__(self, clerk_name: str) -> None:
        super().__init__()
        self.clerk_name = clerk_name
        self.problem_key: str | None = None
        self.said = ""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="lock-panel"):
            yield Static(id="lock-heading")
            yield Static(id="lock-who")
            yield Input(id="lock-password", password=True)
            yield Static(id="lock-problem", classes="notice")
            with ActionBar(id="lock-actions"):  # four long labels: they share the width, or wrap, or fold
                yield KioskButton(id="lock-unlock", variant="primary")
                yield KioskButton(id="lock-card")
                yield KioskButton(id="lock-sign-out")
                yield LanguageButton()

    def translate(self) -> None:
        desk = self.kiosk.settings.counter.desk
        self.query_one("#lock-heading", Static).update(self.t("counter.lock.heading", desk=desk))
        self.query_one("#lock-who", Static).update(self.t("counter.lock.who", name=self.clerk_name))
        self.query_one("#lock-unlock", KioskButton).label = self.t("counter.lock.unlock")
        self.query_one("#lock-card", KioskButton).label = self.t("counter.lock.card")
        self.query_one("#lock-sign-out", KioskButton).label = self.t("counter.lock.sign_out")
        problem = self.query_one("#lock-problem", Static)
        problem.update(warned(self, self.problem_key, self.said))
        problem.display = bool(self.said) or self.problem_key is not None

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.unlock()

    def on_kiosk_button_pressed(self, event: KioskButton.Pressed) -> None:
        event.stop()
        if event.button.id == "lock-unlock":
            self.unlock()
        elif event.button.id == "lock-card":
            self.post_message(CardSignIn(unlock=True))
        elif event.button.id == "lock-sign-out":
            self.post_message(SignOut())

    def unlock(self) -> None:
        field = self.query_one("#lock-password", Input)
        password, field.value = field.value, ""
        if not password:
            self.show_problem("counter.lock.password_needed")
            return
        self.post_message(Unlock(password))

    def show_problem(self, key: str | None, said: str = "") -> None:
        self.problem_key, self.said = key, said
        self.translate()
        self.query_one("#lock-password", Input).focus()
