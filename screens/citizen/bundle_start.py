"""A life-event bundle's start page: the services it starts together, the questions saved, what to pay once and
how (a Multibanco reference, or at the counter). Start dismisses with the payment choice; Back with None."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from kiosk.journey.bundle import Bundle
from screens.base import KioskScreen, TitleBar
from screens.widgets.buttons import KioskButton, LanguageButton

MULTIBANCO, COUNTER = "multibanco", "counter"


class BundleStartScreen(KioskScreen[str | None]):
    BINDINGS = [Binding("escape", "back", "Back", show=False)]

    def __init__(self, bundle: Bundle) -> None:
        super().__init__()
        self.bundle = bundle
        self.payment = MULTIBANCO

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="page"):
            yield Static(id="bundle-heading")
            yield Static(id="bundle-how")
            yield Static(id="bundle-services")
            yield Static(id="bundle-questions")
            yield Static(id="bundle-fee")
            with Horizontal(id="bundle-pay"):
                yield KioskButton(id="pay-multibanco")
                yield KioskButton(id="pay-counter")
        with Horizontal(id="bottom"):
            yield KioskButton(id="bundle-go", variant="primary")
            yield KioskButton(id="bundle-back")
            yield LanguageButton()

    def on_mount(self) -> None:
        self.query_one("#bundle-go", KioskButton).focus()

    def translate(self) -> None:
        bundle = self.bundle
        journey = bundle.journey
        self.query_one("#bundle-heading", Static).update(
            Text(self.t("j2.bundle.heading", event=bundle.event.name))
        )
        self.query_one("#bundle-how", Static).update(self.t("j2.bundle.services"))
        lines = [f"• {s.name}" for s in bundle.services]
        if bundle.left_out:  # the change of address, with a card whose address Portugal does not change
            names = ", ".join(service.name for service in bundle.left_out)
            lines.append(self.t("address_card.bundle_left_out", names=names))
        self.query_one("#bundle-services", Static).update(Text("\n".join(lines)))
        separate = sum(len(service.fields) for service in bundle.services)
        saved = self.query_one("#bundle-questions", Static)
        saved.update(self.t("j2.bundle.questions", asked=bundle.question_count, separate=separate))
        saved.display = bundle.question_count < separate  # said only when answers are really shared
        paying = bundle.total_fee is not None
        fee = self.query_one("#bundle-fee", Static)
        # Written in the screen's language: on this page the journey has not yet followed a switch.
        amount = journey.fee_text(self.kiosk.language)
        fee.update(self.t("j2.bundle.pay_how", amount=amount) if paying else amount)
        self.query_one("#bundle-pay").display = paying
        for choice, key in ((MULTIBANCO, "j2.bundle.pay_mb"), (COUNTER, "j2.bundle.pay_counter_choice")):
            button = self.query_one(f"#pay-{choice}", KioskButton)
            label = self.t(key)
            # The choice is marked by a sign as well as by colour.
            button.label = self.t("browse.selected", label=label) if self.payment == choice else label
            button.set_class(self.payment == choice, "-selected")
        self.query_one("#bundle-go", KioskButton).label = self.t("browse.start.start")
        self.query_one("#bundle-back", KioskButton).label = self.t("j2.back")

    @on(KioskButton.Pressed, "#pay-multibanco")
    def pay_by_reference(self) -> None:
        self.payment = MULTIBANCO
        self.translate()

    @on(KioskButton.Pressed, "#pay-counter")
    def pay_at_counter(self) -> None:
        self.payment = COUNTER
        self.translate()

    @on(KioskButton.Pressed, "#bundle-go")
    def go(self) -> None:
        self.dismiss(self.payment)

    @on(KioskButton.Pressed, "#bundle-back")
    def action_back(self) -> None:
        self.dismiss(None)
