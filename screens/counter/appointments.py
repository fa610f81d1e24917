"""Today's appointments at the desk: the book as a table, a check-in for the person at the desk (Enter on a
row, or their booking code typed), a cancellation (X) and a new booking (date, time, category, and the
person's document number if their card should check it in). The portal's refusals (too early, missed,
already checked in) are shown in its own plain words.

A booking's date and time are the branch's, whatever the counter's own clock is set to: the form names the
branch's time zone (from the portal) and converts with zoneinfo, so 10:30 is 10:30 in Lisbon on either side of
a clock change."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Static

from kiosk.client import PortalError
from kiosk.client.appointments import Appointment, AppointmentsClient, BookRules, new_check_in_key
from screens.counter.base import CounterScreen
from screens.widgets.buttons import KioskButton

FIELDS = ("date", "time", "category", "document")


class AppointmentsScreen(CounterScreen[None]):
    AUTO_FOCUS = "#appointments-table"
    BINDINGS = [
        Binding("x", "cancel_booking", show=False),
        Binding("b", "focus_booking", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.book: list[Appointment] = []
        self.said: str | None = None
        self.rules: BookRules | None = None
        """The branch's time zone and check-in window, asked once per visit to the screen."""

    def compose_task(self) -> ComposeResult:
        yield Static(id="appointments-heading")
        yield Static(id="appointments-how", classes="status")
        yield Static(id="appointments-said", classes="notice")
        yield DataTable(id="appointments-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="appointments-book-heading", classes="counter-label")
        with Horizontal(id="appointments-book"):
            for name in FIELDS:
                yield Input(id=f"book-{name}", max_length=40)
            yield KioskButton(id="book-save", variant="primary")

    def on_mount(self) -> None:
        self.load()

    def translate(self) -> None:
        super().translate()
        self.query_one("#appointments-heading", Static).update(self.t("counter.appointments.heading"))
        self.query_one("#appointments-how", Static).update(self.t("counter.appointments.how"))
        self._show_zone()
        for name in FIELDS:
            self.query_one(f"#book-{name}", Input).placeholder = self.t(f"counter.appointments.field.{name}")
        self.query_one("#book-save", KioskButton).label = self.t("counter.appointments.save")
        self._show()

    @property
    def client(self) -> AppointmentsClient:
        return AppointmentsClient(self.kiosk.core.counter.portal.require(self.kiosk.language))

    @property
    def token(self) -> str:
        return self.kiosk.core.counter.token

    def _show_zone(self) -> None:
        zone = self.rules.timezone if self.rules else "…"
        self.query_one("#appointments-book-heading", Static).update(
            self.t("counter.appointments.book", zone=zone)
        )

    def say(self, words: str | None) -> None:
        self.said = words
        self._show()

    @work(exclusive=True, group="appointments", exit_on_error=False)
    async def load(self) -> None:
        try:
            self.rules = self.rules or await self.client.rules(self.token, self.kiosk.language)
            self.book = await self.client.day(self.token, self.kiosk.language)
        except PortalError as error:
            self.said = str(error)
        self._show_zone()
        self._show()

    def _show(self) -> None:
        said = self.query_one("#appointments-said", Static)
        said.update(self.said or "")
        said.display = self.said is not None
        table: DataTable[Any] = self.query_one("#appointments-table", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        for column in ("time", "category", "state", "ticket", "card"):
            table.add_column(self.t(f"counter.appointments.column.{column}"), key=column)
        for item in self.book:
            table.add_row(
                item.local_time,
                item.category,
                self.t(f"counter.appointments.state.{item.state}"),
                item.ticket or "—",
                "✓" if item.with_holder else "",
                key=item.id,
            )
        if self.book:
            table.move_cursor(row=min(max(cursor, 0), len(self.book) - 1))

    def selected(self) -> Appointment | None:
        table: DataTable[Any] = self.query_one("#appointments-table", DataTable)
        if not self.book or table.cursor_row < 0:
            return None
        return self.book[min(table.cursor_row, len(self.book) - 1)]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        chosen = next((item for item in self.book if item.id == event.row_key.value), None)
        if chosen is not None:
            self.check_in(chosen)

    @work(exclusive=True, group="appointments", exit_on_error=False)
    async def check_in(self, item: Appointment) -> None:
        language = self.kiosk.language
        try:
            done = await self.client.check_in(
                language, new_check_in_key(), appointment=item.id, staff_token=self.token
            )
        except PortalError as error:
            self.say(str(error))
            return
        self.said = self.t(
            "counter.appointments.checked_in", time=done.appointment.local_time, number=done.ticket.number
        )
        self.book = await self.client.day(self.token, language)
        self._show()

    def action_cancel_booking(self) -> None:
        item = self.selected()
        if item is not None and not isinstance(self.focused, Input):
            self.cancel(item)

    @work(exclusive=True, group="appointments", exit_on_error=False)
    async def cancel(self, item: Appointment) -> None:
        try:
            await self.client.cancel(self.token, self.kiosk.language, item.id)
        except PortalError as error:
            self.say(str(error))
            return
        self.said = self.t("counter.appointments.cancelled", time=item.local_time)
        self.book = await self.client.day(self.token, self.kiosk.language)
        self._show()

    def action_focus_booking(self) -> None:
        if not isinstance(self.focused, Input):
            self.query_one("#book-time", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.save()

    def on_kiosk_button_pressed(self, event: KioskButton.Pressed) -> None:
        if event.button.id == "book-save":
            event.stop()
            self.save()

    def save(self) -> None:
        values = {name: self.query_one(f"#book-{name}", Input).value.strip() for name in FIELDS}
        if typed(values["date"], values["time"]) is None or not values["category"]:
            self.say(self.t("counter.appointments.invalid"))
            return
        self.book_new(values["date"], values["time"], values["category"].upper(), values["document"] or None)

    @work(exclusive=True, group="appointments", exit_on_error=False)
    async def book_new(self, day: str, time: str, category: str, document: str | None) -> None:
        try:
            self.rules = self.rules or await self.client.rules(self.token, self.kiosk.language)
            zone = ZoneInfo(self.rules.timezone)
        except (PortalError, ZoneInfoNotFoundError, ValueError) as error:
            self.say(str(error))
            return
        starts_at = starts(day, time, zone)
        if starts_at is None:
            self.say(self.t("counter.appointments.invalid"))
            return
        if not exists(starts_at):
            self.say(
                self.t(
                    "counter.appointments.skipped",
                    day=starts_at.date().isoformat(),
                    time=starts_at.strftime("%H:%M"),
                    zone=zone.key,
                )
            )
            return
        try:
            item, code = await self.client.book(
                self.token, self.kiosk.language, category, starts_at, document_number=document
            )
        except PortalError as error:
            self.say(str(error))
            return
        for name in FIELDS:
            self.query_one(f"#book-{name}", Input).value = ""
        self.said = self.t("counter.appointments.booked", day=item.day, time=item.local_time, code=code)
        self.book = await self.client.day(self.token, self.kiosk.language)
        self._show()
        self.query_one("#appointments-table", DataTable).focus()


def typed(day: str, time: str) -> tuple[dt.date | None, dt.time] | None:
    """A typed date (None: today) and HH:MM (or 10h30), or None when either is not one."""
    try:
        date = dt.date.fromisoformat(day) if day else None
        hour, minute = (int(part) for part in time.replace("h", ":").split(":"))
        return date, dt.time(hour, minute)
    except ValueError:
        return None


def starts(day: str, time: str, zone: ZoneInfo, now: dt.datetime | None = None) -> dt.datetime | None:
    """The start the clerk means, in the branch's time zone (never the counter's): the typed date, or today
    there when empty, at HH:MM. A time the clocks pass twice (autumn) is the first, summer-time one."""
    parts = typed(day, time)
    if parts is None:
        return None
    date, clock = parts
    if date is None:
        date = (now or dt.datetime.now(dt.UTC)).astimezone(zone).date()
    return dt.datetime.combine(date, clock, tzinfo=zone)


def exists(moment: dt.datetime) -> bool:
    """False for a wall-clock time the clocks skip (01:30 on the night they go forward in Lisbon): zoneinfo
    would quietly give it an offset, and the booking would land an hour off."""
    there = moment.astimezone(dt.UTC).astimezone(moment.tzinfo)
    return there.replace(tzinfo=None) == moment.replace(tzinfo=None)
