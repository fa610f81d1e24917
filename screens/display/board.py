"""The public display: the last tickets called and their desks in characters three rows high, and how many
wait in each line. It reads the board through the headless BoardWatcher (kiosk/services/board.py), which
long-polls the portal, announces new calls through the speech command and reconnects by itself.

Nothing here can be pressed: a display has no keyboard or touch in the waiting room. F2 switches the
language of its labels for the person setting it up.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical
from textual.widgets import Static

from kiosk.client.queue import Board
from kiosk.services.board import BoardUpdate
from screens.base import KioskScreen, TitleBar
from screens.display.big_text import BigText

if TYPE_CHECKING:
    from kiosk.speech import Speaker

SHOWN_CALLS = 8
"""Rows of called tickets kept ready; the screen's height decides how many are seen."""
LARGE = (120, 40)
"""From this size (columns, rows) the numbers are drawn twice as large."""


class BoardScreen(KioskScreen[None]):
    OFFERS_CLERK = False  # the public display is watched from afar, never touched

    def __init__(self) -> None:
        super().__init__()
        self.board: Board | None = None
        self.connected = False
        self._speaker: Speaker | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="board"):
            with Vertical(id="calls"):
                with Horizontal(id="call-heads"):
                    yield Static(id="head-ticket", classes="head")
                    yield Static(id="head-desk", classes="head")
                with Grid(id="called"):
                    for row in range(SHOWN_CALLS):
                        yield BigText(id=f"number-{row}", classes="number" + (" -latest" if row == 0 else ""))
                        yield BigText(id=f"desk-{row}", classes="desk" + (" -latest" if row == 0 else ""))
                yield Static(id="nobody")
            with Vertical(id="waiting-panel"):
                yield Static(id="head-waiting", classes="head")
                yield Static(id="waiting")
        yield Static(id="connection", classes="status")

    def on_mount(self) -> None:
        self.watch_board()

    @work(exclusive=True, group="board", exit_on_error=False)
    async def watch_board(self) -> None:
        while self.kiosk.core.portal is None:  # the portal client comes once the app has reached it
            await asyncio.sleep(0.2)
        watcher = self.kiosk.core.queue.board_watcher(
            self.speaker(), tuple(self.kiosk.settings.kiosk.languages)
        )
        await watcher.run(self.show_update)

    def speaker(self) -> Speaker | None:
        """The speech command's Speaker (kiosk/speech.py); None when no command is configured."""
        command = self.kiosk.settings.accessibility.speech_command
        if not command:
            return None
        from kiosk.speech import Speaker

        self._speaker = Speaker(command)
        return self._speaker

    def show_update(self, update: BoardUpdate) -> None:
        self.board = update.board or self.board
        self.connected = update.connected
        self.translate()

    def translate(self) -> None:
        self.query_one("#head-ticket", Static).update(self.t("queue.display.ticket"))
        self.query_one("#head-desk", Static).update(self.t("queue.display.desk"))
        self.query_one("#head-waiting", Static).update(self.t("queue.display.waiting"))
        called = self.board.called if self.board else ()
        # Twice the size on a large screen; as many rows as fit whole (a row cut in half helps nobody).
        scale = 2 if self.size.width >= LARGE[0] and self.size.height >= LARGE[1] else 1
        rows_left = self.size.height - 3  # the title, the column heads and the connection line
        fitting = max(1, (rows_left + 1) // (4 if scale == 1 else 6))
        for row in range(SHOWN_CALLS):
            number = self.query_one(f"#number-{row}", BigText)
            desk = self.query_one(f"#desk-{row}", BigText)
            item = called[row] if row < len(called) else None
            number.show(item.number if item else "", scale)
            desk.show(item.desk if item else "", scale)
            number.display = desk.display = item is not None and row < fitting
        nobody = self.query_one("#nobody", Static)
        nobody.update(self.t("queue.display.nobody_called"))
        nobody.display = not called
        self.query_one("#waiting", Static).update(self._waiting_text())
        key = "queue.display.connected" if self.connected else "queue.display.reconnecting"
        self.query_one("#connection", Static).update(self.t(key) if self.board or not self.connected else "")

    def _waiting_text(self) -> str:
        if self.board is None:
            return ""
        lines = []
        for line in self.board.waiting:
            count = str(line.waiting)
            if line.waiting:
                count += " · " + self.t("queue.display.minutes", minutes=line.estimated_wait_minutes)
            lines.append(f"{line.prefix}  {line.name(self.kiosk.language)}\n   {count}")
        return "\n".join(lines)

    def on_resize(self) -> None:
        self.call_after_refresh(self.translate)

    def on_unmount(self) -> None:
        super().on_unmount()
        if self._speaker is not None:
            self._speaker.close()
