"""Verify at the counter: the citizen's verify screen with the queue panel, a scanner that can type at any
moment, and Revoke for a supervisor (the button is absent for a clerk, and the portal refuses a clerk anyway).

What cannot be a document's access code (a held key's "AAAAAAAAAAAAAAAA", the wrong length, a 0 or an O) is
refused here in plain words and never sent to the portal (kiosk/counter/access_code.py).
"""

from __future__ import annotations

import re

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Static

from screens.citizen.verify import VerifyScreen
from screens.counter.base import DeskKeys
from screens.counter.queue_panel import QueuePanel
from screens.counter.revoke import RevokeDialog
from screens.counter.scanner_input import ScannerInput
from screens.widgets.buttons import KioskButton


class CounterVerifyScreen(VerifyScreen, DeskKeys):
    BINDINGS = [Binding("escape", "back", show=False)]

    def __init__(self) -> None:
        super().__init__()
        self.revoked_note: str | None = None
        self.code_problem: str | None = None
        """i18n key of why the text typed cannot be an access code (nothing was sent), None otherwise."""

    def compose(self) -> ComposeResult:
        yield from super().compose()
        yield QueuePanel()
        yield Static(classes="counter-keys")

    def seal_input(self) -> Input:
        return ScannerInput(id="seal")

    def more_actions(self) -> ComposeResult:
        yield KioskButton(id="verify-revoke", variant="warning")

    def below_verdict(self) -> ComposeResult:
        yield Static(id="verify-code-problem", classes="notice")
        yield Static(id="verify-revoke-note", classes="status")

    def translate(self) -> None:
        super().translate()
        self.query_one("#verify-revoke", KioskButton).label = self.t("counter.verify.revoke")
        self.query_one(".counter-keys", Static).update(self.t("counter.keys.task"))
        self._show_revoke()

    # --- a scanner may type while the focus is on a button ---------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        seal = self.query_one("#seal", ScannerInput)
        if self.focused is not seal and event.is_printable and event.character and event.character != " ":
            event.stop()
            event.prevent_default()
            if not seal.value or self.check is not None or self.code_check is not None or self.code_problem:
                seal.value = ""  # a new certificate: the previous verdict (or refusal) goes
            seal.take_keys_from(event)

    def on_scanner_input_scanned(self, event: ScannerInput.Scanned) -> None:
        event.stop()
        self.start_check()

    def start_check(self) -> None:
        self.revoked_note = None
        self.code_problem = self._code_problem()
        if self.code_problem is None:
            super().start_check()
            return
        # Nothing goes to the portal; an earlier verdict goes, so it is not read as this text's.
        self.workers.cancel_group(self, "verify")
        self.check, self.code_check, self.typed = None, None, None
        self._checking = self._empty = False
        self._show_verdict()

    def clear(self) -> None:
        self.code_problem = None
        super().clear()

    def _code_problem(self) -> str | None:
        """Why the text in the box cannot be an access code, when it is meant as one: what read_input takes
        for a code, and any other text of letters and digits only (a seal always has a colon: CS1:...)."""
        from kiosk.counter.access_code import access_code_problem
        from kiosk.verify_input import InputKind, read_input

        typed = self.query_one("#seal", Input).value.strip()
        if not typed:
            return None
        read = read_input(typed)
        meant_as_code = read.kind is InputKind.ACCESS_CODE or (
            read.kind is InputKind.UNKNOWN and re.fullmatch(r"[A-Za-z0-9\s-]+", typed) is not None
        )
        return access_code_problem(read.text) if meant_as_code else None

    def _show_verdict(self) -> None:
        super()._show_verdict()
        self._show_revoke()
        problem = self.query_one("#verify-code-problem", Static)
        problem.update(self.t(self.code_problem) if self.code_problem else "")
        problem.display = self.code_problem is not None

    # --- revoking --------------------------------------------------------------------------------------------

    @property
    def document_id(self) -> str | None:
        """The id of the document a genuine seal names, once checked: what a supervisor may revoke."""
        check = self.check
        if check is None or check.verdict is None or not check.verdict.valid or check.verdict.document is None:
            return None
        if check.online == "revoked":
            return None
        return check.verdict.document.doc_id

    @property
    def may_revoke(self) -> bool:
        clerk = self.kiosk.core.counter.clerk
        return clerk is not None and clerk.supervises

    def _show_revoke(self) -> None:
        button = self.query_one("#verify-revoke", KioskButton)
        button.display = self.may_revoke and self.document_id is not None
        note = self.query_one("#verify-revoke-note", Static)
        if self.revoked_note is not None:
            note.update(self.revoked_note)
        elif self.document_id is not None and not self.may_revoke:
            note.update(self.t("counter.verify.supervisor_only"))
        else:
            note.update("")
        note.display = bool(note.render())

    def on_kiosk_button_pressed(self, event: KioskButton.Pressed) -> None:
        if event.button.id == "verify-revoke":
            event.stop()
            self.ask_revoke()
            return
        super().on_kiosk_button_pressed(event)

    @work(exclusive=True, group="revoke", exit_on_error=False)
    async def ask_revoke(self) -> None:
        document_id = self.document_id
        if document_id is None or not self.may_revoke:
            return
        reason = await self.app.push_screen_wait(RevokeDialog(document_id))
        if reason is None:
            return
        counter = self.kiosk.core.counter
        status = await counter.revoke(document_id, reason, self.kiosk.language)
        self.revoked_note = self.t("counter.verify.revoked", status=self.t(f"verify.online.{status}"))
        VerifyScreen.start_check(self)  # the verdict again, with the portal's new status (and this note kept)
        self.query_one("#seal", Input).focus()
