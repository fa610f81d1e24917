"""Confirmation (GOV.UK confirmation page): the reference, what happens next, how to pay, the papers printed,
a QR code for the signed digital copy (or the status page), and "take your card".

The navigation submits; this screen only shows "sending" until it is told the outcome with
``show_confirmation`` or ``show_failure``.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from kiosk.core import Confirmation
from screens.base import KioskScreen, TitleBar
from screens.messages import Finish
from screens.widgets.buttons import KioskButton
from screens.widgets.qr import QrCode
from screens.widgets.status_line import StatusLine


def document_seal(confirmation: Confirmation) -> str:
    """The seal text of the first sealed document the portal issued, or '' when there is none."""
    return next((document.seal for document in confirmation.documents if document.seal), "")


def qr_data(confirmation: Confirmation) -> str:
    """What the on-screen QR carries: a document's seal, else the public status page, else ''.

    The seal is the signed digital copy itself (verifiable offline against the trust list), so a phone keeps
    the certificate; without a document, the status page lets the person follow the application.
    """
    return document_seal(confirmation) or confirmation.status_url or ""


def qr_caption_key(confirmation: Confirmation | None) -> str:
    """The text id of the caption beside the QR: it says what scanning gives."""
    if confirmation is not None and document_seal(confirmation):
        return "questions.confirmation.qr_caption_seal"
    return "questions.confirmation.qr_caption_status"


class QrBelow(Static):
    """Says that the QR is further down, while a small screen hides it; a touch brings it into view."""

    def on_click(self) -> None:
        page = self.screen.query_one("#page", VerticalScroll)
        page.scroll_to_widget(self.screen.query_one("#digital"), animate=False, top=True)


class ConfirmationScreen(KioskScreen[None]):
    BINDINGS = [
        # Esc leaves every kiosk page (home says "Finish (Esc)"); here there is no page to go back to, so it
        # finishes like the button, and R as on home.
        Binding("escape", "finish", "Finish", show=False),
        Binding("r", "finish", "Finish", show=False),
        # The page is longer than a small screen (the QR comes last): the arrows scroll it while Finish keeps
        # the focus, so Enter still finishes.
        Binding("down", "scroll_page(2)", "Scroll down", show=False),
        Binding("up", "scroll_page(-2)", "Scroll up", show=False),
        Binding("pagedown", "scroll_page(10)", "Page down", show=False),
        Binding("pageup", "scroll_page(-10)", "Page up", show=False),
    ]

    def __init__(self, service_name: str) -> None:
        super().__init__()
        self.service_name = service_name
        self.confirmation: Confirmation | None = None
        self.failure: str | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="page"):
            with Vertical(id="panel"):
                # Sending, then sent or not: each line is said as the outcome arrives.
                yield StatusLine(id="heading")
                yield Static(id="service")
                yield StatusLine(id="reference")
            yield StatusLine(id="payment", classes="block")
            yield StatusLine(id="next-steps", classes="block")
            yield StatusLine(id="paper", classes="block")
            with Horizontal(id="digital"):
                yield QrCode(id="qr")
                yield Static(id="qr-caption")
            yield StatusLine(id="take-card")
        with Vertical(id="bottom"):
            yield QrBelow(id="qr-below", classes="status")
            yield KioskButton(id="finish", variant="primary")

    def on_mount(self) -> None:
        super().on_mount()
        page = self.query_one("#page", VerticalScroll)
        self.watch(page, "scroll_y", lambda _y: self.hint_qr(), init=False)
        # The page is laid out again when its texts or the QR arrive: where the QR lands is known only then.
        self.watch(page, "virtual_size", lambda _size: self.hint_qr(), init=False)

    def on_resize(self) -> None:
        self.call_after_refresh(self.hint_qr)

    def hint_qr(self) -> None:
        """Show the line about the QR while the QR is on the page but not wholly in view."""
        page = self.query_one("#page", VerticalScroll)
        digital = self.query_one("#digital")
        below = self.query_one("#qr-below")
        if not (digital.display and self.query_one("#qr", QrCode).display):
            below.display = False
            return
        place, height = digital.virtual_region, page.scrollable_content_region.height
        if not (place.height and height):
            self.call_after_refresh(self.hint_qr)  # not laid out yet
            return
        wanted = not (page.scroll_y <= place.y and place.bottom <= page.scroll_y + height)
        if below.display != wanted:
            below.display = wanted
            self.call_after_refresh(self.hint_qr)  # the line takes or gives back rows of the page: look again

    def action_scroll_page(self, rows: int) -> None:
        self.query_one("#page", VerticalScroll).scroll_relative(y=rows, animate=False)

    def show_confirmation(self, confirmation: Confirmation) -> None:
        """The request is in (or saved on the kiosk to be sent): show what the person needs to keep."""
        self.confirmation, self.failure = confirmation, None
        self.query_one("#qr", QrCode).show(qr_data(confirmation))
        self.translate()
        self.query_one("#finish", KioskButton).focus()

    def show_failure(self, message: str) -> None:
        """The request could not be sent; the message says what happened and what to do."""
        self.confirmation, self.failure = None, message
        self.query_one("#qr", QrCode).show("")
        self.translate()
        self.query_one("#finish", KioskButton).focus()

    def translate(self) -> None:
        done = self.confirmation
        if done is not None:
            queued = done.status == "queued"
            heading = self.t(f"questions.confirmation.{'heading_queued' if queued else 'heading'}")
        elif self.failure is not None:
            heading = self.t("questions.confirmation.not_sent")
        else:
            heading = self.t("questions.confirmation.sending")
        self.query_one("#heading", StatusLine).update(heading)
        self.query_one("#next-steps", StatusLine).kind = "error" if self.failure is not None else "status"
        self.query_one("#service", Static).update(
            self.t("questions.confirmation.service", service=self.service_name)
        )
        reference = self.t("questions.confirmation.reference", reference=done.reference) if done else ""
        self.show("#reference", reference)
        self.show("#payment", self.payment_text(done))
        self.show("#next-steps", self.next_steps_text(done))
        self.show("#paper", self.paper_text(done))
        self.query_one("#qr-caption", Static).update(self.t(qr_caption_key(done)))
        self.query_one("#digital").display = self.query_one("#qr", QrCode).display
        finished = done is not None or self.failure is not None
        # At a counter the card stays in the counter's reader until the clerk ends the visit: Finish goes back
        # to the citizen's page there, and the papers are the clerk's to hand over.
        counter = self.kiosk.counter is not None
        papers = "counter.serve.confirmation_papers" if counter else "questions.confirmation.take_card"
        self.show("#take-card", self.t(papers) if finished else "")
        finish = "counter.serve.confirmation_finish" if counter else "questions.confirmation.finish"
        self.query_one("#finish", KioskButton).label = self.t(finish)
        below = (
            "confirmation_page.qr_below"
            if done and document_seal(done)
            else "confirmation_page.qr_below_status"
        )
        self.query_one("#qr-below", QrBelow).update(self.t(below))
        self.call_after_refresh(self.hint_qr)

    def show(self, selector: str, content: str) -> None:
        """Put the text in the widget; hide the widget (no empty box) when there is none."""
        widget = self.query_one(selector, Static)
        widget.update(content)
        widget.display = bool(content)

    def payment_text(self, done: Confirmation | None) -> str:
        payment = done.payment if done else None
        if payment is None:
            return ""
        return self.t(
            "questions.confirmation.payment",
            amount=payment.amount_in(self.kiosk.language),
            entity=payment.entity,
            reference=payment.reference,
        )

    def next_steps_text(self, done: Confirmation | None) -> str:
        if done is None:
            return self.failure or ""
        lines = [self.t("questions.confirmation.next_steps")]
        if done.status == "queued":
            lines.append(self.t("confirmation.queued"))
        if done.next_step_keys:
            lines.append(done.next_steps(self.kiosk.language))
        return "\n".join(lines) if len(lines) > 1 else ""

    def paper_text(self, done: Confirmation | None) -> str:
        if done is None:
            return ""
        lines = [self.t("confirmation.printed" if done.receipt_printed else "confirmation.print_failed")]
        if done.documents_printed:
            lines.append(self.t("confirmation.documents_printed"))
        if done.documents_waiting:
            lines.append(self.t("confirmation.documents_waiting"))
        return "\n".join(lines)

    def action_finish(self) -> None:
        self.post_message(Finish())

    def on_kiosk_button_pressed(self, event: KioskButton.Pressed) -> None:
        if event.button.id == "finish":
            event.stop()
            self.action_finish()
