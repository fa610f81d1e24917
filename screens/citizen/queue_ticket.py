"""Take a ticket for the counter, without a card: choose a line, the ticket prints, the number stays on screen.

Each line is a large button with its letter (A, B, C, P: pressing the letter does the same), the people
waiting and the estimated wait. One visit takes one ticket: a second press while it is being taken sends the
same Idempotency-Key, so the portal answers with the same ticket.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import secrets

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Digits, Static

from kiosk.client.queue import QueueCategory, Ticket
from screens.base import KioskScreen, TitleBar
from screens.widgets.buttons import KioskButton, LanguageButton


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

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="panel"):
            yield Static(id="heading")
            yield Static(id="lead")
            yield VerticalScroll(id="lines")
            with VerticalScroll(id="result"):
                yield Static(id="your-number")
                yield Digits(id="number")
                yield Static(id="details")
            yield Static(id="message", classes="status")
        with Horizontal(id="actions"):
            yield KioskButton(id="done", variant="primary")
            yield KioskButton(id="back")
            yield LanguageButton()

    def on_mount(self) -> None:
        self.query_one("#result").display = False
        self.query_one("#done").display = False
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
        self.query_one("#message", Static).update(self.t(key, **values) if key else "")

    def on_key(self, event: events.Key) -> None:
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
            self.ticket = await self.kiosk.core.queue.take_ticket(category, language, self._key)
        finally:
            self._taking = False
        self.query_one("#lines").display = False
        self.query_one("#lead").display = False
        self.query_one("#result").display = True
        self.query_one("#done").display = True
        self.query_one("#back").display = False  # the ticket is taken: only Done remains
        self._show_ticket()
        self.query_one("#done", KioskButton).focus()
        self.printed = await asyncio.to_thread(self.kiosk.core.queue.print_ticket, self.ticket, language)
        self._show_ticket()

    def _show_ticket(self) -> None:
        ticket = self.ticket
        if ticket is None:
            return
        self.query_one("#number", Digits).update(ticket.number)
        issued = dt.datetime.fromisoformat(ticket.issued_at).astimezone() if ticket.issued_at else None
        lines = [
            self.t("queue.ticket.category", name=ticket.category_name(self.kiosk.language)),
            self.t("queue.ticket.ahead", ahead=max(0, ticket.position - 1)),
            self.t("queue.ticket.wait", minutes=ticket.estimated_wait_minutes),
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
        if self.ticket is None:
            self.dismiss(None)

    def action_finish(self) -> None:
        if self.ticket is not None:
            self.dismiss(None)

    def spoken_summary(self) -> str:
        if self.ticket is not None:
            return f"{self.t('queue.ticket.your_number')} {self.ticket.number}. {self.t('queue.ticket.listen')}"
        labels = ". ".join(self._line_label(item) for item in self.categories)
        return f"{self.t('queue.ticket.title')}. {self.t('queue.ticket.choose')} {labels}"
