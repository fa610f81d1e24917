"""A new access code for a company's permanent certificate: the NIPC typed (or offered from the person's own
company applications), then the new code shown here once, with whether it was printed.

The screen dismisses with the NIPC typed (the flow asks the portal, once per press) or None for Back/Done.
Opened again with the outcome, it shows the code, or says plainly who may have one; the code lives only on this
screen object and goes with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Static

from screens.base import KioskScreen, TitleBar
from screens.widgets.buttons import KioskButton, LanguageButton
from screens.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from kiosk.services.company_code import CompanyCodeOutcome


class CompanyCodeScreen(KioskScreen[str | None]):
    BINDINGS = [Binding("escape", "back", "Back", show=False)]
    AUTO_FOCUS = "#nipc"

    def __init__(self, nipc: str = "", outcome: CompanyCodeOutcome | None = None) -> None:
        super().__init__()
        self.nipc = nipc
        self.outcome = outcome
        self._too_short = False

    @property
    def finished(self) -> bool:
        """The code is shown: nothing more to ask on this screen."""
        return self.outcome is not None and not self.outcome.refused

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="page"):
            yield Static(id="company-heading")
            yield Static(id="company-how")
            yield StatusLine(id="company-outcome")
            yield Static(id="company-code")
            yield Input(self.nipc, id="nipc", max_length=11, classes="-example")
        with Horizontal(id="bottom"):
            yield KioskButton(id="company-send", variant="primary")
            yield KioskButton(id="company-back")
            yield LanguageButton()

    def on_mount(self) -> None:
        finished = self.finished
        self.query_one("#nipc", Input).display = not finished
        self.query_one("#company-send").display = not finished
        self.query_one("#company-code").display = finished
        if finished:
            self.query_one("#company-back", KioskButton).focus()

    def translate(self) -> None:
        self.query_one("#company-heading", Static).update(self.t("company_code.heading"))
        self.query_one("#company-how", Static).update("" if self.finished else self.t("company_code.how"))
        self.query_one("#nipc", Input).placeholder = self.t("company_code.placeholder")
        self.query_one("#company-send", KioskButton).label = self.t("company_code.send")
        back = "company_code.done" if self.finished else "company_code.back"
        self.query_one("#company-back", KioskButton).label = self.t(back)
        self._show_outcome()

    def _show_outcome(self) -> None:
        outcome = self.outcome
        line = self.query_one("#company-outcome", StatusLine)
        if self._too_short:
            message = self.t("company_code.too_short")
        elif outcome is None:
            message = ""
        elif outcome.refused:
            # At a counter the clerk reads it for the citizen at the desk: "ask at a counter" would send them
            # nowhere, so the counter's own words say what to check there.
            counter = self.kiosk.counter is not None
            message = self.t(
                "counter.company_code.refused" if counter else "company_code.refused", nipc=outcome.nipc
            )
        else:
            message = self.t("company_code.printed" if outcome.printed else "company_code.not_printed")
        line.kind = "status" if self.finished else "error"
        line.update(message)
        line.display = bool(message)
        line.set_class(self.finished, "-done")
        if outcome is not None and not outcome.refused:
            company = self.t("company_code.code_for", company=_escape(outcome.company_name), nipc=outcome.nipc)
            # The kiosk's own words for the label (the portal's came in the language the request was made in,
            # and the page follows a language switch).
            label = self.t("company_code.code_label")
            code = self.t("company_code.code_line", label=label, code=f"[b]{outcome.code}[/b]")
            self.query_one("#company-code", Static).update(
                f"{company}\n\n{code}\n\n{self.t('company_code.shown_once')}"
            )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.send()

    @on(KioskButton.Pressed, "#company-send")
    def send(self) -> None:
        digits = "".join(self.query_one("#nipc", Input).value.split())
        if len(digits) != 9 or not digits.isdigit():
            self._too_short = True
            self._show_outcome()
            return
        self.dismiss(digits)

    @on(KioskButton.Pressed, "#company-back")
    def action_back(self) -> None:
        self.dismiss(None)


def _escape(value: str) -> str:
    return value.replace("[", "\\[")
