"""Serve a citizen: their card in the counter reader, the PIN on the reader's pinpad or the keypad, then any
service on their behalf with the kiosk's own journey pages, cash for what they owe, and a new company
certificate code for a partner (the kiosk's own page for it, shown once and printed at the desk).

This screen shows who is being served and for whom (themselves, a minor, a company); the navigation reads the
card, asks the PIN (screens/dialogs/pin.py), runs the journey and takes the cash. Escape goes back to the desk
and keeps the citizen; Finish (F) forgets them.
"""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Static

from screens.counter.base import CounterScreen
from screens.counter.messages import Representing, ServeAction, ServeVerb
from screens.widgets.action_bar import ActionBar
from screens.widgets.buttons import KioskButton

RepresentKind = Literal["self", "minor", "company"]
KINDS: tuple[RepresentKind, ...] = ("self", "minor", "company")


class RepresentButton(KioskButton):
    def __init__(self, kind: RepresentKind) -> None:
        super().__init__(id=f"represent-{kind}")
        self.kind: RepresentKind = kind


class ServeActionButton(KioskButton):
    def __init__(self, verb: ServeVerb, *, variant: str = "default") -> None:
        super().__init__(id=f"serve-{verb.replace('_', '-')}", variant=variant)
        self.verb: ServeVerb = verb


class ServeScreen(CounterScreen[None]):
    BINDINGS = [
        Binding("i", "serve('insert_demo')", show=False),
        Binding("s", "serve('services')", show=False),
        Binding("k", "serve('payments')", show=False),
        Binding("n", "serve('company_code')", show=False),
        Binding("f", "serve('finish')", show=False),
    ]
    AUTO_FOCUS = ""

    def __init__(self) -> None:
        super().__init__()
        self.holder: str | None = None
        self.reading = False
        self.problem: str | None = None
        self.representing: RepresentKind = "self"
        self.said: str | None = None

    def compose_task(self) -> ComposeResult:
        yield Static(id="serve-heading")
        yield Static(id="serve-citizen")
        yield Static(id="serve-problem", classes="notice")
        with Horizontal(id="serve-represent"):
            yield Static(id="serve-represent-label", classes="counter-label")
            for kind in KINDS:
                yield RepresentButton(kind)
        with Horizontal(id="serve-represented-row"):
            yield Input(id="serve-represented", max_length=120)
            # Beside the company's NIPC: a partner asks a company's code for the company (N works whenever a
            # card is read; the page asks the NIPC). In this row it costs no height, and 80x24 has none spare.
            yield ServeActionButton("company_code")
        with ActionBar(id="serve-actions"):  # the buttons shown change with the card: they share the width
            yield ServeActionButton("insert_demo")
            yield ServeActionButton("services", variant="primary")
            yield ServeActionButton("payments")
            yield ServeActionButton("finish")
        yield Static(id="serve-said", classes="status")

    def on_mount(self) -> None:
        session = self.kiosk.session
        if session is not None and self.holder is None:
            self.holder = session.holder_name  # back from the desk with the citizen still there

    def translate(self) -> None:
        super().translate()
        self.query_one("#serve-heading", Static).update(self.t("counter.serve.heading"))
        self.query_one("#serve-represent-label", Static).update(self.t("counter.serve.representing"))
        for button in self.query(RepresentButton):
            mark = "● " if button.kind == self.representing else ""  # chosen by a sign, not a colour alone
            button.label = mark + self.t(f"counter.serve.represent.{button.kind}")
        for action in self.query(ServeActionButton):
            action.label = self.t(f"counter.serve.action.{action.verb}")
        represented = self.query_one("#serve-represented", Input)
        represented.placeholder = self.t(f"counter.serve.represented.{self.representing}")
        represented.display = self.holder is not None and self.representing != "self"
        self._show()

    def _show(self) -> None:
        has_card = self.holder is not None
        citizen = self.query_one("#serve-citizen", Static)
        if self.reading:
            citizen.update(self.t("counter.serve.reading"))
        elif has_card:
            citizen.update(self.t("counter.serve.citizen", name=self.holder))
        else:
            citizen.update(self.t("counter.serve.insert"))
        problem = self.query_one("#serve-problem", Static)
        problem.update(self.problem or "")
        problem.display = self.problem is not None
        self.query_one("#serve-represent").display = has_card
        self.query_one("#serve-insert-demo").display = not has_card and self.kiosk.core.simulated
        for verb in ("services", "finish"):
            self.query_one(f"#serve-{verb}").display = has_card
        self.query_one("#serve-company-code").display = has_card and self.representing == "company"
        # Cash is taken with the card (the citizen's fees) or without (a bundle's joint reference typed).
        said = self.query_one("#serve-said", Static)
        said.update(self.said or "")
        said.display = self.said is not None

    # --- what the navigation tells this screen ---------------------------------------------------------------

    def show_reading(self) -> None:
        self.reading, self.problem, self.said = True, None, None
        self._show()

    def show_holder(self, name: str) -> None:
        self.reading, self.holder, self.problem = False, name, None
        self.translate()

    def show_problem(self, message: str) -> None:
        self.reading, self.problem = False, message
        self._show()

    def show_said(self, message: str | None) -> None:
        self.said = message
        self._show()

    def forget_citizen(self) -> None:
        self.reading, self.holder, self.problem, self.said = False, None, None, None
        self.representing = "self"
        self.query_one("#serve-represented", Input).value = ""
        self.translate()

    # --- the clerk's choices ---------------------------------------------------------------------------------

    @property
    def company_nipc(self) -> str:
        """The NIPC typed for the company the citizen acts for (empty otherwise): the one a new certificate code
        is first offered for."""
        if self.representing != "company":
            return ""
        return self.query_one("#serve-represented", Input).value.strip()

    def action_serve(self, verb: ServeVerb) -> None:
        if verb == "services" and not self._representation_ready():
            return
        self.post_message(ServeAction(verb))

    def _representation_ready(self) -> bool:
        """A minor's name or a company's NIPC must be given before acting for them."""
        identifier = self.query_one("#serve-represented", Input).value.strip()
        if self.representing != "self" and not identifier:
            self.problem = self.t(f"counter.serve.represented_needed.{self.representing}")
            self._show()
            self.query_one("#serve-represented", Input).focus()
            return False
        self.problem = None
        self.post_message(Representing(self.representing, identifier))
        return True

    def on_kiosk_button_pressed(self, event: KioskButton.Pressed) -> None:
        if isinstance(event.button, RepresentButton):
            event.stop()
            self.representing = event.button.kind
            self.problem = None
            self.translate()
            if self.representing != "self":
                self.query_one("#serve-represented", Input).focus()
        elif isinstance(event.button, ServeActionButton):
            event.stop()
            self.action_serve(event.button.verb)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_serve("services")
