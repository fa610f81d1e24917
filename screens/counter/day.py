"""Close the day: the branch's statistics as tables and a bar chart of tickets per category, the cash drawer,
and the printed day report (R)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Static

from kiosk.counter.day_report import TABLES, table_rows
from screens.counter.base import CounterScreen
from screens.widgets.buttons import KioskButton

if TYPE_CHECKING:
    from kiosk.client.staff_cash import Drawer
    from kiosk.client.staff_day import DayStats


class DayScreen(CounterScreen[None]):
    BINDINGS = [Binding("r", "print_report", show=False)]

    def __init__(self) -> None:
        super().__init__()
        self.stats: DayStats | None = None
        self.drawer: Drawer | None = None
        self.said: str | None = None

    def compose_task(self) -> ComposeResult:
        with VerticalScroll(id="day-panel"):
            with Horizontal(id="day-top"):
                yield Static(id="day-summary")
                yield KioskButton(id="day-print", variant="primary")
            yield Static(id="day-said", classes="notice")
            yield Static(id="day-chart-heading", classes="counter-label")
            yield Static(id="day-chart")
            for name in TABLES:
                yield Static(id=f"day-{name}-heading", classes="counter-label")
                yield DataTable(id=f"day-{name}", cursor_type="none", show_cursor=False)

    def on_mount(self) -> None:
        self.load()

    def translate(self) -> None:
        super().translate()
        self.query_one("#day-print", KioskButton).label = self.t("counter.day.print")
        self.query_one("#day-chart-heading", Static).update(self.t("counter.day.chart"))
        for name in TABLES:
            self.query_one(f"#day-{name}-heading", Static).update(self.t(f"counter.day.table.{name}"))
        self._show()

    @work(exclusive=True, group="day", exit_on_error=False)
    async def load(self) -> None:
        counter = self.kiosk.core.counter
        self.stats, self.drawer = await counter.day(self.kiosk.language)
        self._show()

    def _show(self) -> None:
        from kiosk.counter import day

        stats = self.stats
        said = self.query_one("#day-said", Static)
        said.update(self.said or "")
        said.display = self.said is not None
        if stats is None:
            self.query_one("#day-summary", Static).update(self.t("counter.day.loading"))
            return
        language = self.kiosk.language
        self.query_one("#day-summary", Static).update(
            self.t("counter.day.summary", **day.summary(stats, language))
        )
        chart = Text()
        lines = day.tickets_chart(stats, width=30)
        wide = min(30, max((len(line.label) for line in lines), default=0))  # "P Atendimento prioritário" whole
        for line in lines:
            chart.append(f"{line.label[:wide]:<{wide}} {line.value:>4} ")
            chart.append(line.bar + "\n", style="bold")
        self.query_one("#day-chart", Static).update(chart)
        rows = table_rows(stats, self.drawer, language)
        for name, columns in TABLES.items():
            heading = self.t(f"counter.day.table.{name}")
            if not rows[name]:  # said in words, not a table of heads with nothing under them (QA L10)
                heading = self.t("counter.day.table_empty", table=heading)
            self.query_one(f"#day-{name}-heading", Static).update(heading)
            table: DataTable[Any] = self.query_one(f"#day-{name}", DataTable)
            table.display = bool(rows[name])
            table.clear(columns=True)
            for column in columns:
                table.add_column(self.t(f"counter.day.column.{column}"), key=column)
            for row in rows[name]:
                table.add_row(*row)

    def on_kiosk_button_pressed(self, event: KioskButton.Pressed) -> None:
        if event.button.id == "day-print":
            event.stop()
            self.action_print_report()

    def action_print_report(self) -> None:
        if self.stats is not None:
            self.print_report(self.stats)

    @work(thread=True, exclusive=True, group="day-print", exit_on_error=False)
    def print_report(self, stats: DayStats) -> None:
        counter = self.kiosk.core.counter
        on_paper = counter.print_day_report(stats, self.drawer, self.kiosk.core.printer, self.kiosk.language)
        said = self.t("counter.day.printed" if on_paper else "counter.day.print_waiting")
        self.app.call_from_thread(self._said, said)

    def _said(self, said: str) -> None:
        self.said = said
        self._show()
