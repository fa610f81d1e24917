"""The counter's first screen: the clerk signs in with user name and password, or with their own card and PIN
(screens/counter/card_sign_in.py), at the desk kiosk.toml names.

The portal checks the password (a counter credential only: a kiosk can never act as staff). A refusal is said
in plain words and the user name stays; the password field is emptied.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Static

from screens.base import KioskScreen, TitleBar
from screens.counter.base import warned
from screens.counter.messages import CardSignIn, SignIn
from screens.widgets.action_bar import ActionBar
from screens.widgets.buttons import KioskButton, LanguageButton


class LoginScreen(KioskScreen[None]):
    SHOWS_QUEUE = False  # before sign-in there is no desk to show
    AUTO_FOCUS = "#login-username"

    def __init__(self) -> None:
        super().__init__()
        self.problem_key: str | None = None
        self.said = ""
        """What the portal or the card said, in its own words (a card refused), shown instead of the key."""
        self.busy = False

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="login-panel"):
            yield Static(id="login-heading")
            yield Static(id="login-desk")
            yield Static(id="login-username-label", classes="counter-label")
            yield Input(id="login-username")
            yield Static(id="login-password-label", classes="counter-label")
            yield Input(id="login-password", password=True)
            yield Static(id="login-problem", classes="notice")
            with ActionBar(id="login-actions"):  # laid out as the lock screen's
                yield KioskButton(id="login-submit", variant="primary")
                yield KioskButton(id="login-card-button")
                yield LanguageButton()
            yield Static(id="login-card", classes="status")

    def translate(self) -> None:
        desk = self.kiosk.settings.counter.desk
        self.query_one("#login-heading", Static).update(self.t("counter.login.heading"))
        self.query_one("#login-desk", Static).update(self.t("counter.login.desk", desk=desk))
        self.query_one("#login-username-label", Static).update(self.t("counter.login.username"))
        self.query_one("#login-password-label", Static).update(self.t("counter.login.password"))
        self.query_one("#login-submit", KioskButton).label = self.t("counter.login.submit")
        self.query_one("#login-card-button", KioskButton).label = self.t("counter.login.card")
        self.query_one("#login-card", Static).update(self.t("counter.login.no_card_login"))
        self._show_problem()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "login-username":
            self.query_one("#login-password", Input).focus()
        else:
            self.submit()

    def on_kiosk_button_pressed(self, event: KioskButton.Pressed) -> None:
        if event.button.id == "login-submit":
            event.stop()
            self.submit()
        elif event.button.id == "login-card-button":
            event.stop()
            self.post_message(CardSignIn())

    def submit(self) -> None:
        username = self.query_one("#login-username", Input).value.strip()
        password_input = self.query_one("#login-password", Input)
        password = password_input.value
        if not username or not password:
            self.show_problem("counter.login.both_needed")
            return
        if self.busy:
            return
        self.busy = True
        password_input.value = ""
        self.show_problem("counter.login.checking")
        self.post_message(SignIn(username, password))

    def show_problem(self, key: str | None, said: str = "") -> None:
        """Say what happened (the navigation calls this after the portal answered); None hides it, unless
        ``said`` gives the words (a card refused, in the portal's own; empty: the clerk cancelled)."""
        self.problem_key = key
        self.said = said
        if key != "counter.login.checking":
            self.busy = False
        self._show_problem()
        if key not in (None, "counter.login.checking", "counter.login.both_needed"):
            self.query_one("#login-password", Input).focus()

    def _show_problem(self) -> None:
        problem = self.query_one("#login-problem", Static)
        problem.update(warned(self, self.problem_key, self.said))
        problem.display = bool(self.said) or self.problem_key is not None
