"""Take a ticket for the counter, without a card: choose a line, the ticket prints, the number stays on screen.

Each line is a large button with its letter (A, B, C, P: pressing the letter does the same), the people
waiting and the estimated wait. One visit takes one ticket: a second press while it is being taken sends the
same Idempotency-Key, so the portal answers with the same ticket.

"I have an appointment" (M) shows a keyboard for the booking code in place of the lines
(screens/widgets/code_keyboard.py; Escape goes back to the lines) and checks the booking in: its ticket is
printed saying it is an appointment, with the time. A refusal (too early, missed, unknown code) is the
portal's own plain words on the status line; Escape brings the lines back for an ordinary ticket.

"Check in with my card" (K) finds today's booking of the card's holder instead: the card in the reader, or one
inserted now (read here, the visit stays on this screen), then its PIN, as for anything personal the portal
holds; the card's document number goes to the portal's check-in and is never shown or logged.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import secrets
from collections.abc import Awaitable

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, VerticalScroll
from textual.widgets import Digits, Static

from kiosk.client import PortalError
from kiosk.client.appointments import CODE_LENGTH, CheckedIn, new_check_in_key
from kiosk.client.queue import QueueCategory, Ticket
from screens.base import KioskScreen, TitleBar
from screens.widgets.action_bar import ActionBar
from screens.widgets.buttons import KioskButton, LanguageButton
from screens.widgets.code_keyboard import CodeKeyboard, KeyboardTexts
from screens.widgets.status_line import StatusLine


class QueueTicketScreen(KioskScreen[None]):
    BINDINGS = [
        Binding("escape", "back", show=False),
        Binding("enter", "finish", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.categories: list[QueueCategory] = []
        self.ticket: Ticket | None = None
        self.printed: bool | None = None
        self._key = f"kiosk-ticket-{secrets.token_hex(10)}"
        self._taking = False
        self.appointment_time: str | None = None
        """HH:MM of the appointment the ticket was checked in for; None for an ordinary ticket."""
        self.waiting_for_card = False
        """The person asked to check in by card and has not inserted it yet (the navigation reads it for us)."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="panel"):
            yield Static(id="heading")
            yield Static(id="lead")
            yield VerticalScroll(id="lines")
            yield CodeKeyboard(id="code")
            with VerticalScroll(id="result"):
                yield Static(id="your-number")
                with Center():  # align centres all children as one block: the full-width lines hold it left
                    yield Digits(id="number")
                yield Static(id="details")
            yield StatusLine(id="message", classes="status")
        with ActionBar(id="actions"):
            yield KioskButton(id="done", variant="primary")
            yield KioskButton(id="appointment")
            yield KioskButton(id="appointment-card")
            yield KioskButton(id="back")
            yield LanguageButton()

    def on_mount(self) -> None:
        self.query_one("#result").display = False
        self.query_one("#done").display = False
        self.query_one("#code").display = False
        self.load()

    @work(exclusive=True, group="journey", exit_on_error=False)
    async def load(self) -> None:
        self.show_message("queue.ticket.loading")
        while self.kiosk.core.portal is None:  # the portal may still be starting
            await asyncio.sleep(0.2)
        self.categories = await self.kiosk.core.queue.categories(self.kiosk.language)
        self.show_message("queue.ticket.key_hint" if self.categories else "queue.ticket.none")
        await self._show_lines()

    async def _show_lines(self) -> None:
        lines = self.query_one("#lines", VerticalScroll)
        await lines.remove_children()
        await lines.mount_all(KioskButton(id=f"line-{item.code}") for item in self.categories)
        self.translate()

    def translate(self) -> None:
        self.query_one("#heading", Static).update(self.t("queue.ticket.title"))
        self.query_one("#lead", Static).update(self.t("queue.ticket.choose"))
        self.query_one("#your-number", Static).update(self.t("queue.ticket.your_number"))
        self.query_one("#done", KioskButton).label = self.t("queue.ticket.done")
        self.query_one("#back", KioskButton).label = self.t("queue.ticket.back")
        self.query_one("#appointment", KioskButton).label = self.t("queue.appointment.button")
        self.query_one("#appointment-card", KioskButton).label = self.t("queue.appointment.card.button")
        self.query_one("#code", CodeKeyboard).show_texts(
            KeyboardTexts(
                lead=f"{self.t('queue.appointment.title')}\n{self.t('queue.appointment.lead')}",
                cancel=self.t("queue.appointment.cancel"),
                too_short=self.t("queue.appointment.too_short", length=CODE_LENGTH),
            )
        )
        for item in self.categories:
            for button in self.query(f"#line-{item.code}").results(KioskButton):
                button.label = self._line_label(item)
        self._show_ticket()

    def _line_label(self, item: QueueCategory) -> str:
        name = item.name(self.kiosk.language)
        if not item.waiting:
            return f"{item.prefix} · {name} — {self.t('queue.ticket.nobody')}"
        waiting = self.t("queue.ticket.waiting", waiting=item.waiting, minutes=item.estimated_wait_minutes)
        return f"{item.prefix} · {name} — {waiting}"

    def show_message(self, key: str, **values: object) -> None:
        self.query_one("#message", StatusLine).update(self.t(key, **values) if key else "")

    @property
    def typing_code(self) -> bool:
        return bool(self.query_one("#code").display)

    def on_key(self, event: events.Key) -> None:
        if self.typing_code:
            keyboard = self.query_one("#code", CodeKeyboard)
            if event.key == "backspace":
                event.stop()
                keyboard.erase()
            elif event.character and keyboard.type(event.character):
                event.stop()
            return
        if self.ticket is None and (event.character or "").lower() == "m":
            event.stop()
            self.ask_code()
            return
        if self.ticket is None and (event.character or "").lower() == "k":
            event.stop()
            self.ask_card()
            return
        if self.ticket is None and event.character:
            for item in self.categories:
                if event.character.upper() == item.prefix.upper():
                    event.stop()
                    self.take(item.code)
                    return

    def on_kiosk_button_pressed(self, event: KioskButton.Pressed) -> None:
        button = event.button.id or ""
        if button.startswith("line-") and self.ticket is None:
            self.take(button.removeprefix("line-"))
        elif button == "done":
            self.action_finish()
        elif button == "back":
            self.action_back()
        elif button == "appointment" and self.ticket is None:
            self.ask_code()
        elif button == "appointment-card" and self.ticket is None:
            self.ask_card()

    def ask_code(self) -> None:
        self.waiting_for_card = False  # a card inserted now starts a visit as usual
        if not self._taking:
            self._show_keyboard(True)

    def _show_keyboard(self, shown: bool) -> None:
        keyboard = self.query_one("#code", CodeKeyboard)
        keyboard.reset()
        keyboard.display = shown
        for part in ("#lines", "#lead", "#appointment", "#appointment-card"):
            self.query_one(part).display = not shown
        # Nothing focused: Enter confirms the code and Escape goes back, whatever was touched last.
        self.set_focus(None)
        self.show_message("" if shown else "queue.ticket.key_hint")

    def on_code_keyboard_submitted(self, event: CodeKeyboard.Submitted) -> None:
        event.stop()
        if not self._taking:
            self._taking = True
            self.show_message("queue.appointment.checking")
            self._check_in(event.code)

    def on_code_keyboard_cancelled(self, event: CodeKeyboard.Cancelled) -> None:
        event.stop()
        self._show_keyboard(False)

    @work(exclusive=True, group="journey", exit_on_error=False)
    async def _check_in(self, code: str) -> None:
        try:
            issued = await self._checked_in(
                self.kiosk.core.queue.check_in(code, self.kiosk.language, new_check_in_key())
            )
        finally:
            self._taking = False
        if not issued:
            self.query_one("#code", CodeKeyboard).reset()  # to type the code again, or Escape to the lines

    async def _checked_in(self, request: Awaitable[CheckedIn]) -> bool:
        """The booking's ticket shown and printed; False with the portal's refusal, in its own plain words."""
        try:
            checked_in = await request
        except PortalError as error:
            self.query_one("#message", StatusLine).update(str(error))
            return False
        self.appointment_time = checked_in.appointment.local_time
        await self._issued(checked_in.ticket)
        return True

    def ask_card(self) -> None:
        """Check in by the card in the reader; without one, ask for it (``card_read`` follows)."""
        if self._taking:
            return
        if self.kiosk.session is None:
            self.waiting_for_card = True
            self.show_message("queue.appointment.card.insert")
            return
        self._taking = True
        self._check_in_by_card()

    def card_read(self, problem: str | None) -> None:
        """The card inserted for the check-in was read (``problem``: why not, in plain words)."""
        self.waiting_for_card = False
        if self.ticket is not None:
            return  # an ordinary ticket was taken meanwhile
        if problem is not None:
            self.query_one("#message", StatusLine).update(problem)
            return
        self.ask_card()

    @work(exclusive=True, group="journey", exit_on_error=False)
    async def _check_in_by_card(self) -> None:
        kiosk = self.kiosk
        try:
            # Whose booking it is, is personal: the PIN first, as for the person's applications.
            if not await kiosk.navigation._ensure_login() or (session := kiosk.session) is None:
                self.show_message("queue.ticket.key_hint")
                return
            self.show_message("queue.appointment.card.checking")
            await self._checked_in(
                kiosk.core.queue.check_in_by_card(session, kiosk.language, new_check_in_key())
            )
        except PortalError as error:  # the sign-in needs the portal too
            self.query_one("#message", StatusLine).update(str(error))
        finally:
            self._taking = False

    def take(self, category: str) -> None:
        if self._taking:
            return
        self._taking = True
        self.show_message("queue.ticket.taking")
        self._take(category)

    @work(exclusive=True, group="journey", exit_on_error=False)
    async def _take(self, category: str) -> None:
        language = self.kiosk.language
        try:
            ticket = await self.kiosk.core.queue.take_ticket(category, language, self._key)
        finally:
            self._taking = False
        await self._issued(ticket)

    async def _issued(self, ticket: Ticket) -> None:
        """The ticket on screen, then printed (an appointment's with its time)."""
        language = self.kiosk.language
        self.ticket = ticket
        self.query_one("#lines").display = False
        self.query_one("#lead").display = False
        self.query_one("#result").display = True
        self.query_one("#done").display = True
        self.query_one("#back").display = False  # the ticket is taken: only Done remains
        self.query_one("#appointment").display = False
        self.query_one("#appointment-card").display = False
        self.query_one("#code").display = False
        self._show_ticket()
        self.query_one("#done", KioskButton).focus()
        time = self.appointment_time
        note = self.t("queue.appointment.printed_note", time=time) if time else None
        self.printed = await asyncio.to_thread(self.kiosk.core.queue.print_ticket, ticket, language, note)
        self._show_ticket()

    def _show_ticket(self) -> None:
        ticket = self.ticket
        if ticket is None:
            return
        self.query_one("#number", Digits).update(ticket.number)
        issued = dt.datetime.fromisoformat(ticket.issued_at).astimezone() if ticket.issued_at else None
        lines = [
            self.t("queue.ticket.category", name=ticket.category_name(self.kiosk.language)),
            *([self.t("queue.appointment.at", time=self.appointment_time)] if self.appointment_time else []),
            self.t("queue.ticket.ahead", ahead=max(0, ticket.position - 1)),
            # The portal's estimate is 0 minutes exactly when nobody is ahead (portal/queue_estimates.py).
            self.t("queue.ticket.wait", minutes=ticket.estimated_wait_minutes)
            if ticket.estimated_wait_minutes
            else self.t("queue.ticket.wait_next"),
        ]
        if issued is not None:
            lines.append(self.t("queue.ticket.time", time=issued.strftime("%H:%M")))
        self.query_one("#details", Static).update("\n".join(lines))
        if self.printed is None:
            self.show_message("queue.ticket.listen")
        elif self.printed:
            self.show_message("queue.ticket.printed")
        else:
            self.show_message("queue.ticket.not_printed", number=ticket.number)

    def action_back(self) -> None:
        if self.typing_code:
            self._show_keyboard(False)
        elif self.ticket is None:
            self.dismiss(None)

    def action_finish(self) -> None:
        if self.typing_code:
            self.query_one("#code", CodeKeyboard).confirm()
        elif self.ticket is not None:
            self.dismiss(None)

    def spoken_summary(self) -> str:
        if self.ticket is not None:
            return f"{self.t('queue.ticket.your_number')} {self.ticket.number}. {self.t('queue.ticket.listen')}"
        labels = ". ".join(self._line_label(item) for item in self.categories)
        return f"{self.t('queue.ticket.title')}. {self.t('queue.ticket.choose')} {labels}"
