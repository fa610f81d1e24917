"""The printed day report: the same tables the counter shows (kiosk.counter.day), in the clerk's language, laid
out by printing/documents/tables_report.py."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from kiosk.counter import day
from kiosk.i18n import text

if TYPE_CHECKING:
    from kiosk.client.staff_cash import Drawer
    from kiosk.client.staff_day import DayStats

TABLES: dict[str, tuple[str, ...]] = {
    "categories": ("category", "issued", "done", "no_show", "waiting_now", "waiting", "serving"),
    "services": ("service", "done_at_desks", "applications"),
    "fees": ("method", "payments", "amount"),
    "clerks": ("clerk", "tickets_done", "serving", "applications", "cash"),
    "desks": ("desk", "tickets_done", "serving"),
}
"""Each table's columns, as the screen and the paper show them."""


def table_rows(
    stats: DayStats, drawer: Drawer | None, language: str = "pt"
) -> dict[str, list[tuple[str, ...]]]:
    return {
        "categories": day.category_rows(stats),
        "services": day.service_rows(stats),
        "fees": day.fee_rows(stats, language),
        "clerks": day.clerk_rows(stats, drawer, language),
        "desks": day.desk_rows(stats),
    }


def render(stats: DayStats, drawer: Drawer | None, *, desk: str, clerk: str, language: str) -> bytes:
    from printing.documents.tables_report import Table, TablesReport, render_tables_report

    def t(key: str, **values: object) -> str:
        return text(language, key, **values)

    figures = day.summary(stats, language)
    facts = (
        (t("counter.day.paper.branch"), stats.branch),
        (t("counter.day.paper.desk"), desk),
        (t("counter.day.paper.clerk"), clerk),
        (t("counter.day.paper.date"), stats.date),
        (t("counter.day.paper.printed"), dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")),
        (t("counter.day.paper.issued"), figures["issued"]),
        (t("counter.day.paper.waiting"), figures["waiting"]),
        (t("counter.day.paper.serving"), figures["serving"]),
        (t("counter.day.paper.fees"), figures["fees"]),
    )
    rows = table_rows(stats, drawer, language)
    tables = tuple(
        Table(
            heading=t(f"counter.day.table.{name}"),
            columns=tuple(t(f"counter.day.column.{column}") for column in columns),
            rows=tuple(rows[name]),
            empty=t("counter.day.paper.none"),
        )
        for name, columns in TABLES.items()
    )
    return render_tables_report(
        TablesReport(t("counter.day.paper.title"), facts, tables, page_label=t("counter.day.paper.page"))
    )
