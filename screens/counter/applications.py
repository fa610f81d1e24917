"""The applications desk: filter by status and service, open one (Enter or a click), approve or reject it.

Loading and deciding run in workers; the portal records the clerk and the note (the citizen reads the note in
the application's history). A rejection without a reason is refused on the spot, in plain words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Static

from kiosk.counter.applications import STATUS_FILTERS, ApplicationFilter, StatusFilter
from screens.counter.base import CounterScreen
from screens.counter.decision import DecisionDialog
from screens.widgets.action_bar import ActionBar
from screens.widgets.buttons import KioskButton

if TYPE_CHECKING:
    from kiosk.client.staff_applications import ApplicationSummary


class FilterButton(KioskButton):
    def __init__(self, status: StatusFilter) -> None:
        super().__init__(id=f"filter-{status.replace('_', '-')}")
        self.status: StatusFilter = status


class ApplicationsScreen(CounterScreen[None]):
    BINDINGS = [Binding("f", "focus_service", show=False)]
    AUTO_FOCUS = "#applications-table"

    def __init__(self) -> None:
        super().__init__()
        self.filter = ApplicationFilter()
        self.items: list[ApplicationSummary] = []
        self.total = 0
        self.busy = True
        self.said: str | None = None

    def compose_task(self) -> ComposeResult:
        yield Static(id="applications-heading")
        with ActionBar(id="applications-filters"):  # six filters: a long one wraps instead of losing a line
            for status in STATUS_FILTERS:
                yield FilterButton(status)
        with Horizontal(id="applications-service"):
            yield Static(id="applications-service-label", classes="counter-label")
            yield Input(id="applications-service-code", max_length=60)
        yield Static(id="applications-count", classes="status")
        yield DataTable(id="applications-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.load()

    def translate(self) -> None:
        super().translate()
        self.query_one("#applications-heading", Static).update(self.t("counter.applications.heading"))
        for button in self.query(FilterButton):
            mark = "● " if button.status == self.filter.status else ""  # the chosen one by a sign, not colour
            button.label = mark + self.t(f"counter.applications.filter.{button.status}")
        self.query_one("#applications-service-label", Static).update(self.t("counter.applications.service"))
        self.query_one("#applications-service-code", Input).placeholder = self.t(
            "counter.applications.service_placeholder"
        )
        self._show_items()

    # --- the clerk's choices ---------------------------------------------------------------------------------

    def on_kiosk_button_pressed(self, event: KioskButton.Pressed) -> None:
        if isinstance(event.button, FilterButton):
            event.stop()
            self.filter = ApplicationFilter(event.button.status, self.filter.service)
            self.said = None
            self.translate()
            self.load()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.filter = ApplicationFilter(self.filter.status, event.value)
        self.said = None
        self.load()
        self.query_one("#applications-table", DataTable).focus()

    def action_focus_service(self) -> None:
        self.query_one("#applications-service-code", Input).focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        reference = str(event.row_key.value)
        chosen = next((item for item in self.items if item.reference == reference), None)
        if chosen is not None:
            self.decide(chosen)

    # --- the portal ------------------------------------------------------------------------------------------

    @work(exclusive=True, group="applications", exit_on_error=False)
    async def load(self) -> None:
        self.busy = True
        self._show_items()
        page = await self.kiosk.core.counter.applications(self.filter, self.kiosk.language)
        self.items, self.total = list(page.items), page.total
        self.busy = False
        self._show_items()

    @work(exclusive=True, group="decide", exit_on_error=False)
    async def decide(self, application: ApplicationSummary) -> None:
        answer = await self.app.push_screen_wait(DecisionDialog(application))
        if answer is None:
            return
        decision, note = answer
        await self.kiosk.core.counter.decide(application.reference, decision, note, self.kiosk.language)
        self.said = self.t(
            "counter.applications.decided",
            reference=application.reference,
            status=self.t(f"counter.applications.status.{decision}"),
        )
        self.load()

    # --- what shows ------------------------------------------------------------------------------------------

    def _show_items(self) -> None:
        count = self.query_one("#applications-count", Static)
        if self.busy:
            count.update(self.t("counter.applications.loading"))
        else:
            shown = self.t("counter.applications.count", shown=len(self.items), total=self.total)
            count.update(f"{self.said}\n{shown}" if self.said else shown)
        table: DataTable[Any] = self.query_one("#applications-table", DataTable)
        table.clear(columns=True)
        for column in ("reference", "service", "status", "channel", "received"):
            table.add_column(self.t(f"counter.applications.column.{column}"), key=column)
        for item in self.items:
            table.add_row(
                item.reference,
                f"{item.service_name} ({item.service_code})",
                self.t(f"counter.applications.status.{item.status}"),
                item.channel,
                item.created_at[:16].replace("T", " "),
                key=item.reference,
            )
