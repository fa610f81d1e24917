"""The public display: the last tickets called and their desks in characters three rows high, and how many
wait in each line. It reads the board through the headless BoardWatcher (kiosk/services/board.py), which
long-polls the portal, announces new calls through the speech command and reconnects by itself.

Nothing here can be pressed: a display has no keyboard or touch in the waiting room. F2 switches the
language of its labels for the person setting it up.

While the portal is away the last calls stay on the wall and a band at the bottom says, in each of the display's
languages at once (a waiting room reads both), that it is reconnecting. Whatever goes wrong on the way to the
board (the portal stopped, or a proxy's web page answering in its place) ends in that band and a new try, never
in the kiosk's words for a citizen ("ask at the counter") and never in a display that stopped watching.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical
from textual.widgets import Static

from kiosk.client.queue import Board
from kiosk.i18n import text
from kiosk.services.board import RETRY_FIRST_SECONDS, RETRY_MAX_SECONDS, BoardUpdate
from screens.base import KioskScreen, TitleBar
from screens.display.big_text import BigText
from screens.operator_log import operator_log

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
        pause, missed = RETRY_FIRST_SECONDS, False
        while True:
            try:
                if missed:  # run() shows a board only when it changed: the first one after a miss is shown here
                    self.show_update(await watcher.step())
                    pause, missed = RETRY_FIRST_SECONDS, False
                await watcher.run(self.show_update)  # returns only by raising what it does not expect
            except Exception as error:  # a wall screen keeps watching, whatever the answer was
                # The watcher copes with a portal that cannot be reached; this is an answer it could not read
                # (a proxy's web page in the portal's place). The operator gets the kind, the wall the band.
                operator_log(__name__).warning("display: board watch broken (%s); again", type(error).__name__)
                self.show_update(BoardUpdate(watcher.board, False))
                missed = True
                await asyncio.sleep(pause)
                pause = min(RETRY_MAX_SECONDS, pause * 2)

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
        rows_left = self.size.height - 2 - self._connection_height()  # the title, the heads and the band
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
        nobody.display = self.board is not None and not called  # before the first board nobody knows
        self.query_one("#waiting", Static).update(self._waiting_text())
        connection = self.query_one("#connection", Static)
        connection.update("\n".join(self._connection_lines()))
        connection.set_class(not self.connected, "-away")

    def _connection_lines(self) -> list[str]:
        """ "Up to date" in the screen's language; away, the same news in each of the display's languages."""
        if self.connected:
            return [self.t("queue.display.connected")]
        key = "queue.display.reconnecting" if self.board is not None else "queue.display.connecting"
        return [text(language, key) for language in self._wall_languages()]

    def _wall_languages(self) -> list[str]:
        """The screen's language first, then the display's others (kiosk.languages)."""
        language = self.kiosk.language
        return [language, *(other for other in self.kiosk.settings.kiosk.languages if other != language)]

    def _connection_height(self) -> int:
        """Rows the connection band takes at this width (a line longer than the screen wraps at a word)."""
        import textwrap

        width = max(1, self.size.width)
        return sum(max(1, len(textwrap.wrap(line, width))) for line in self._connection_lines())

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
