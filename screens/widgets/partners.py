"""A repeating question: the rows of a list, each with the same boxes (a company's partners: NIF and share).

Rows are added and removed with large buttons, by keys or touch; the answer is the list of filled rows, as the
portal takes it ([{"nif": ..., "share": ...}]). Rows left wholly blank are not part of the answer.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label

from kiosk.client.models import FormField
from screens.widgets.buttons import KioskButton
from screens.widgets.fields import FieldWidget

MAX_ROWS = 10


class PartnerRow(Horizontal):
    """One partner: NIF, share in percent, and a button that takes the row away."""

    DEFAULT_CSS = """
    PartnerRow { height: auto; }
    PartnerRow Vertical { width: 1fr; height: auto; margin: 0 1 0 0; }
    PartnerRow KioskButton { width: 14; }
    """

    def __init__(self, number: int, nif: str = "", share: str = "") -> None:
        super().__init__(classes="partner-row")
        self.number = number
        self._nif, self._share = nif, share

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(classes="nif-label")
            yield Input(self._nif, classes="partner-nif", restrict=r"[\d ]*", max_length=11)
        with Vertical():
            yield Label(classes="share-label")
            yield Input(self._share, classes="partner-share", restrict=r"[\d.,]*", max_length=6)
        yield KioskButton(variant="remove")  # its class -remove finds it

    @property
    def row_value(self) -> dict[str, str]:
        nif = self.query_one(".partner-nif", Input).value.strip()
        share = self.query_one(".partner-share", Input).value.strip()
        return {"nif": nif, "share": share}


class PartnersAnswer(FieldWidget):
    """The partners of a company, one row each; at least one row is always shown."""

    def compose(self) -> ComposeResult:
        rows = self._preset if isinstance(self._preset, list) and self._preset else [{}]
        with Vertical(id="partner-rows"):
            for number, row in enumerate(rows, start=1):
                kept = row if isinstance(row, dict) else {}
                yield PartnerRow(number, str(kept.get("nif") or ""), str(kept.get("share") or ""))
        yield KioskButton(id="partner-add")

    def read_value(self) -> object:
        rows = [row.row_value for row in self.query(PartnerRow)]
        return [row for row in rows if row["nif"] or row["share"]]

    def show_value(self, value: object) -> None:
        # Kept answers are composed in; nothing to put back into boxes that already hold them.
        return None

    def relabel(self, field: FormField, language: str) -> None:
        super().relabel(field, language)
        self._label_rows()
        self.query_one("#partner-add", KioskButton).label = self.t("j2.company.add")

    def _label_rows(self) -> None:
        for number, row in enumerate(self.query(PartnerRow), start=1):
            row.number = number
            row.query_one(".nif-label", Label).update(self.t("j2.company.nif", row=number))
            row.query_one(".share-label", Label).update(self.t("j2.company.share"))
            row.query_one(".-remove", KioskButton).label = self.t("j2.company.remove")

    @on(KioskButton.Pressed, "#partner-add")
    async def add_row(self, event: KioskButton.Pressed) -> None:
        event.stop()
        rows = self.query_one("#partner-rows", Vertical)
        count = len(self.query(PartnerRow))
        if count >= MAX_ROWS:
            return
        row = PartnerRow(count + 1)
        await rows.mount(row)
        self._label_rows()
        row.query_one(".partner-nif", Input).focus()

    @on(KioskButton.Pressed, ".-remove")
    async def remove_row(self, event: KioskButton.Pressed) -> None:
        event.stop()
        rows = list(self.query(PartnerRow))
        row = next((row for row in rows if event.button in row.query(KioskButton)), None)
        if row is None:
            return
        if len(rows) == 1:
            for box in row.query(Input):
                box.value = ""  # the last row is emptied, never removed: there is always a row to fill
        else:
            await row.remove()
        self._label_rows()
        self.focus_answer()
