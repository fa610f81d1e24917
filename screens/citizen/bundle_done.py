"""A bundle sent: every service with its reference, or why it was not sent; the one amount to pay and how; the
receipt. Nothing accepted is lost when another part failed, and the screen says so. Finish dismisses."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from kiosk.services.bundles import BundleOutcome, BundlePart, receipt_lines
from screens.base import KioskScreen, TitleBar
from screens.widgets.buttons import KioskButton
from screens.widgets.status_line import StatusLine


class BundleDoneScreen(KioskScreen[None]):
    def __init__(self, outcome: BundleOutcome) -> None:
        super().__init__()
        self.outcome = outcome

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="page"):
            yield Static(id="bundle-done-heading")
            # What came of each part, the payment and the receipt: read with the heading.
            yield StatusLine(id="bundle-parts")
            yield StatusLine(id="bundle-payment")
            yield StatusLine(id="bundle-kept")
            yield StatusLine(id="bundle-paper")
        yield KioskButton(id="finish", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#finish", KioskButton).focus()

    def translate(self) -> None:
        outcome = self.outcome
        heading = self.t("j2.bundle.done_heading", count=len(outcome.accepted), total=len(outcome.parts))
        self.query_one("#bundle-done-heading", Static).update(heading)
        self.query_one("#bundle-parts", StatusLine).update(
            Text("\n".join(self._part(part) for part in outcome.parts))
        )
        payment = self.query_one("#bundle-payment", StatusLine)
        payment_lines = receipt_lines(outcome, self.kiosk.language).splitlines()[len(outcome.accepted) :]
        payment.update(Text("\n".join(line for line in payment_lines if outcome.total)))
        payment.display = bool(outcome.total)
        kept = self.query_one("#bundle-kept", StatusLine)
        kept.update(self.t("j2.bundle.kept"))
        kept.display = bool(outcome.failed and outcome.accepted)
        paper = "j2.bundle.receipt" if outcome.receipt_printed else "j2.bundle.no_receipt"
        self.query_one("#bundle-paper", StatusLine).update(self.t(paper))
        self.query_one("#finish", KioskButton).label = self.t("questions.confirmation.finish")

    def _part(self, part: BundlePart) -> str:
        if part.status == "queued":
            return self.t("j2.bundle.part_queued", name=part.name, reference=part.reference)
        if part.accepted:
            return self.t("j2.bundle.part_ok", name=part.name, reference=part.reference)
        if part.status == "needs-portal":
            return self.t("j2.bundle.part_needs_portal", name=part.name)
        return self.t("j2.bundle.part_refused", name=part.name, problem=part.problem)

    @on(KioskButton.Pressed, "#finish")
    def finish(self) -> None:
        self.dismiss(None)
