"""Closing the day, headless: the day's statistics (kiosk.client.staff_day.DayStats) as the rows of the
counter's tables and bar chart, and the same rows for the printed day report.

Times are shown as minutes and seconds (``4:05``); a figure the portal could not compute (no ticket served)
is a dash, never a zero that would read as "instant".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.i18n import text
from kiosk.money import format_cents

if TYPE_CHECKING:
    from kiosk.client.staff_cash import Drawer
    from kiosk.client.staff_day import DayStats, Durations

BAR = "█"
HALF_BAR = "▌"
NO_FIGURE = "—"


def clock(seconds: int | None) -> str:
    """Seconds as ``m:ss`` (``h:mm:ss`` from an hour); a dash when there is no figure."""
    if seconds is None:
        return NO_FIGURE
    minutes, second = divmod(max(0, int(seconds)), 60)
    hours, minute = divmod(minutes, 60)
    return f"{hours}:{minute:02d}:{second:02d}" if hours else f"{minute}:{second:02d}"


def median_and_p90(durations: Durations) -> str:
    return f"{clock(durations.median_seconds)} / {clock(durations.p90_seconds)}"


def bar(value: int, largest: int, width: int) -> str:
    """A bar of ``width`` cells for the largest value; any value above zero shows at least half a cell."""
    if value <= 0 or largest <= 0:
        return ""
    halves = max(1, round(2 * width * value / largest))
    return BAR * (halves // 2) + (HALF_BAR if halves % 2 else "")


@dataclass(frozen=True)
class ChartRow:
    label: str
    value: int
    bar: str


def tickets_chart(stats: DayStats, width: int = 30) -> list[ChartRow]:
    """Tickets issued per category, as labelled bars (the number is written too: no meaning by length alone)."""
    largest = max((category.issued for category in stats.categories), default=0)
    return [
        ChartRow(f"{category.category} {category.name}", category.issued, bar(category.issued, largest, width))
        for category in stats.categories
    ]


def category_rows(stats: DayStats) -> list[tuple[str, ...]]:
    """Category, issued, done, no-show, still waiting, waiting median / p90, serving median / p90."""
    return [
        (
            f"{category.category} {category.name}",
            str(category.issued),
            str(category.outcomes.get("done", 0)),
            str(category.outcomes.get("no_show", 0)),
            str(category.outcomes.get("waiting", 0) + category.outcomes.get("parked", 0)),
            median_and_p90(category.waiting),
            median_and_p90(category.serving),
        )
        for category in stats.categories
    ]


def service_rows(stats: DayStats) -> list[tuple[str, ...]]:
    return [
        (f"{row.name} ({row.service_code})", str(row.done_at_desks), str(row.applications))
        for row in stats.services
    ]


def fee_rows(stats: DayStats, language: str = "pt") -> list[tuple[str, ...]]:
    return [(row.method, str(row.payments), format_cents(row.amount_cents, language)) for row in stats.fees]


def clerk_rows(stats: DayStats, drawer: Drawer | None = None, language: str = "pt") -> list[tuple[str, ...]]:
    """Per clerk: tickets done, serving median / p90, applications, cash taken (from the drawer when known)."""
    cash = {row.staff_id: row.cash_cents for row in drawer.clerks} if drawer is not None else {}
    return [
        (
            row.name,
            str(row.tickets_done),
            median_and_p90(row.serving),
            str(row.applications),
            format_cents(cash.get(row.staff_id, row.cash_cents), language),
        )
        for row in stats.clerks
    ]


def desk_rows(stats: DayStats) -> list[tuple[str, ...]]:
    return [(row.desk, str(row.tickets_done), median_and_p90(row.serving)) for row in stats.desks]


def summary(stats: DayStats, language: str = "pt") -> dict[str, str]:
    """The figures of the day's first lines, amounts written the language's way."""
    issued = stats.tickets_issued
    return {
        "date": stats.date,
        "issued": str(issued),
        "tickets": text(
            language, "counter.day.tickets_one" if issued == 1 else "counter.day.tickets", count=issued
        ),
        "waiting": median_and_p90(stats.waiting),
        "serving": median_and_p90(stats.serving),
        "fees": format_cents(stats.fees_total_cents, language),
    }
