"""Reprint: what this terminal printed (the print journal), newest first; a reference typed narrows the list,
Enter or a click prints a new copy of its documents."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.widgets import DataTable, Input, Static

from screens.counter.base import CounterScreen

if TYPE_CHECKING:
    from kiosk.counter.reprint import JournalEntry


class ReprintScreen(CounterScreen[None]):
    AUTO_FOCUS = "#reprint-reference"

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[JournalEntry] = []
        self.said: str | None = None

    def compose_task(self) -> ComposeResult:
        yield Static(id="reprint-heading")
        yield Static(id="reprint-how", classes="status")
        yield Input(id="reprint-reference", max_length=40)
        yield Static(id="reprint-said", classes="notice")
        yield DataTable(id="reprint-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.load("")

    def translate(self) -> None:
        super().translate()
        self.query_one("#reprint-heading", Static).update(self.t("counter.reprint.heading"))
        self.query_one("#reprint-how", Static).update(self.t("counter.reprint.how"))
        self.query_one("#reprint-reference", Input).placeholder = self.t("counter.reprint.placeholder")
        self._show()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.load(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if len(self.entries) == 1:
            self.print_again(self.entries[0].reference)
        else:
            self.query_one("#reprint-table", DataTable).focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.print_again(str(event.row_key.value))

    @work(thread=True, exclusive=True, group="reprint-list", exit_on_error=False)
    def load(self, typed: str) -> None:
        from kiosk.counter.reprint import journal_entries

        entries = journal_entries(self.kiosk.core.printer, typed)
        self.app.call_from_thread(self._loaded, entries)

    def _loaded(self, entries: list[JournalEntry]) -> None:
        self.entries = entries
        self._show()

    @work(thread=True, exclusive=True, group="reprint", exit_on_error=False)
    def print_again(self, reference: str) -> None:
        from kiosk.counter.reprint import reprint

        count = reprint(self.kiosk.core.printer, reference)
        said = self.t("counter.reprint.done", count=count, reference=reference)
        self.app.call_from_thread(self._printed, said)

    def _printed(self, said: str) -> None:
        self.said = said
        self.load(self.query_one("#reprint-reference", Input).value)

    def _show(self) -> None:
        said = self.query_one("#reprint-said", Static)
        said.update(self.said or "")
        said.display = self.said is not None
        table: DataTable[Any] = self.query_one("#reprint-table", DataTable)
        table.clear(columns=True)
        for column in ("reference", "documents", "state", "copies", "when"):
            table.add_column(self.t(f"counter.reprint.column.{column}"), key=column)
        for entry in self.entries:
            table.add_row(
                entry.reference,
                ", ".join(entry.documents),
                self.t(f"counter.reprint.state.{entry.last_state}"),
                str(entry.copies),
                entry.last_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                key=entry.reference,
            )
        if not self.entries:
            said.update(self.said or self.t("counter.reprint.nothing"))
            said.display = True
