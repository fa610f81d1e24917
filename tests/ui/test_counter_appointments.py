"""The counter's appointment book under Pilot against the reference portal under uvicorn: one key from the
desk, today's bookings as a table, a new booking (its code shown once), a check-in for the person at the desk
(Enter on the row issues their ticket) and a cancellation (X); all typed in the branch's time (Lisbon) while the
counter's own clock is set to another zone. And the conversion of a typed time across Lisbon's clock changes."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from kiosk.config import Settings
from screens.counter.appointments import AppointmentsScreen, exists, starts
from tests.counter.fixtures import counter_settings, shared_portal
from tests.counter.pilot import QuietCounter, said, sign_in, type_into
from tests.helpers import wait_until

__all__ = ["counter_settings", "shared_portal"]  # fixtures
LISBON = ZoneInfo("Europe/Lisbon")
UTC = dt.UTC


@pytest.fixture
def counter_clock_in_sao_paulo() -> Iterator[None]:
    """The counter terminal's clock three hours behind the branch (the portal, another process, keeps its own):
    a booking typed in the counter's zone instead of the branch's would land three hours off."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "America/Sao_Paulo"
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


async def book(pilot: Pilot[Any], screen: AppointmentsScreen, minutes: int) -> str:
    """A booking for ``minutes`` from now, typed in the form in the branch's time; that time."""
    at = dt.datetime.now(LISBON) + dt.timedelta(minutes=minutes)
    before = len(screen.book)
    await type_into(pilot, "#book-date", at.date().isoformat(), enter=False)
    await type_into(pilot, "#book-time", at.strftime("%H:%M"), enter=False)
    await type_into(pilot, "#book-category", "a")
    await wait_until(pilot, lambda: len(screen.book) == before + 1, "the new booking in the table")
    assert "Booking code:" in said(pilot.app, "#appointments-said")
    # The portal's answer, in the branch's time, is the time typed.
    assert f"at {at.strftime('%H:%M')}." in said(pilot.app, "#appointments-said")
    return at.strftime("%H:%M")


def row_of(screen: AppointmentsScreen, time: str, state: str = "booked") -> int:
    """The row of this test's booking (line A): a demo booking of line C may share its minute."""
    return next(
        index
        for index, item in enumerate(screen.book)
        if (item.local_time, item.state, item.category) == (time, state, "A")
    )


async def test_the_clerk_books_checks_in_and_cancels_appointments(
    counter_settings: Settings, counter_clock_in_sao_paulo: None
) -> None:
    app = QuietCounter(counter_settings)
    app.language = "en"
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot)
        app.set_focus(None)
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, AppointmentsScreen), "the appointments")
        screen = app.screen
        assert isinstance(screen, AppointmentsScreen)
        await wait_until(pilot, lambda: bool(screen.book), "today's book (the demo bookings)")
        assert "(Europe/Lisbon)" in said(app, "#appointments-book-heading")
        table = screen.query_one("#appointments-table", DataTable)
        assert [str(column.label) for column in table.columns.values()][:3] == ["Time", "Category", "State"]

        first = await book(pilot, screen, 5)
        code = said(app, "#appointments-said").split("Booking code: ")[1][:9]
        assert len(code) == 9
        assert code[4] == "-"
        table.focus()
        table.move_cursor(row=row_of(screen, first))
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: "is checked in: ticket A" in said(app, "#appointments-said"), "check-in"
        )
        assert any(item.local_time == first and item.state == "checked_in" for item in screen.book)
        # A second check-in of the same row: the portal's words, no second ticket.
        table.move_cursor(row=row_of(screen, first, "checked_in"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: "already checked in" in said(app, "#appointments-said"), "the refusal")

        second = await book(pilot, screen, 20)
        table.focus()
        table.move_cursor(row=row_of(screen, second))
        await pilot.press("x")
        await wait_until(pilot, lambda: "is cancelled" in said(app, "#appointments-said"), "the cancellation")
        assert any(item.local_time == second and item.state == "cancelled" for item in screen.book)

        await type_into(pilot, "#book-time", "25:99")
        assert "HH:MM" in said(app, "#appointments-said")
        # A time the clocks skip in Lisbon is refused before anything is booked.
        before = len(screen.book)
        await type_into(pilot, "#book-date", "2027-03-28", enter=False)
        await type_into(pilot, "#book-time", "01:30", enter=False)
        await type_into(pilot, "#book-category", "a")
        await wait_until(
            pilot, lambda: "clocks go forward" in said(app, "#appointments-said"), "the skipped time"
        )
        assert "01:30 does not exist in Europe/Lisbon" in said(app, "#appointments-said")
        assert len(screen.book) == before


def _utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("day", "typed", "meant"),
    [
        ("2027-03-27", "10:30", "2027-03-27T10:30"),  # winter: Lisbon is on UTC
        ("2027-03-28", "00:59", "2027-03-28T00:59"),  # the night the clocks go forward at 01:00 UTC
        ("2027-03-28", "02:00", "2027-03-28T01:00"),  # the first summer-time minute
        ("2027-03-28", "10:30", "2027-03-28T09:30"),  # the same 10:30 is an hour earlier in UTC
        ("2027-10-30", "10:30", "2027-10-30T09:30"),
        ("2027-10-31", "01:30", "2027-10-31T00:30"),  # passed twice as the clocks go back: the first
        ("2027-10-31", "10:30", "2027-10-31T10:30"),  # winter again
    ],
)
def test_a_typed_time_is_the_branchs_across_a_clock_change(day: str, typed: str, meant: str) -> None:
    moment = starts(day, typed, LISBON)
    assert moment is not None
    assert exists(moment)
    assert moment.astimezone(UTC) == _utc(meant)
    assert moment.strftime("%H:%M") == typed


def test_a_skipped_time_and_today_are_the_branchs() -> None:
    skipped = starts("2027-03-28", "01:30", LISBON)
    assert skipped is not None
    assert not exists(skipped)
    assert starts("2027-03-28", "25:00", LISBON) is None
    assert starts("28/03/2027", "10:30", LISBON) is None
    # No date: today in Lisbon, not in UTC nor on the counter's clock (23:30 UTC in summer is tomorrow there).
    summer_night = starts("", "10h30", LISBON, now=_utc("2027-07-15T23:30"))
    assert summer_night == dt.datetime(2027, 7, 16, 10, 30, tzinfo=LISBON)
    winter_night = starts("", "10:30", LISBON, now=_utc("2027-01-15T23:30"))
    assert winter_night == dt.datetime(2027, 1, 15, 10, 30, tzinfo=LISBON)
