"""Reprint: what this terminal printed (the print journal), newest first; a reference typed narrows the list,
Enter or a click prints a new copy of its documents. With a citizen signed in at the desk (card and PIN), their
own documents from the portal are listed too and printed again from the portal's sealed data."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.widgets import DataTable, Input, Static

from screens.counter.base import CounterScreen

if TYPE_CHECKING:
    from kiosk.counter.reprint import JournalEntry
    from kiosk.services.models import ApplicationInfo

PORTAL = "portal:"
"""Row keys of the citizen's own documents (the others are print journal references)."""


class ReprintScreen(CounterScreen[None]):
    AUTO_FOCUS = "#reprint-reference"

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[JournalEntry] = []
        self.citizen_documents: list[ApplicationInfo] = []
        """The signed-in citizen's applications with documents, from the portal (empty without a citizen)."""
        self.said: str | None = None

    def compose_task(self) -> ComposeResult:
        yield Static(id="reprint-heading")
        yield Static(id="reprint-how", classes="status")
        yield Input(id="reprint-reference", max_length=40)
        yield Static(id="reprint-said", classes="notice")
        yield DataTable(id="reprint-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.load("")
        self.load_citizen_documents()

    @work(exclusive=True, group="reprint-citizen", exit_on_error=False)
    async def load_citizen_documents(self) -> None:
        session = self.kiosk.session
        if session is None or not session.portal_token:
            return
        applications = await self.kiosk.core.my_applications(session)
        self.citizen_documents = [application for application in applications if application.documents]
        self._show()

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
    def print_again(self, key: str) -> None:
        from kiosk.counter.reprint import reprint

        session = self.kiosk.session
        if key.startswith(PORTAL) and session is not None:
            reference = key.removeprefix(PORTAL)
            count = self.kiosk.core.reprint(session, reference)  # the citizen's own, from the portal's data
        else:
            reference = key
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
        for application in self.citizen_documents:
            table.add_row(
                application.reference,
                ", ".join(document.title for document in application.documents),
                self.t("counter.reprint.state.portal"),
                "—",
                application.created_at[:16].replace("T", " "),
                key=f"{PORTAL}{application.reference}",
            )
        if not self.entries and not self.citizen_documents:
            said.update(self.said or self.t("counter.reprint.nothing"))
            said.display = True
