"""The public display's loop, without its screen: keep the board fresh and announce every new call.

``BoardWatcher.run`` long-polls the portal (GET /v1/queue/board?after=VERSION): an answer comes back as soon
as a desk calls, recalls or a ticket is taken, or after a few seconds unchanged. When the portal cannot be
reached (restarted, network down) the watcher says so once, keeps the last board on screen, and tries again
after a pause that grows to RETRY_MAX_SECONDS: it reconnects by itself, with nothing for anyone to press.

Announcements: a call or recall that was not on the previous board is said in each of the display's languages
("Senha A 23, balcão 4", then "Ticket A 23, desk 4") through the Speaker (one after the other, never cutting
each other off). The first board after start-up is shown but not read aloud: those calls are old news.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from kiosk.client.portal import PortalError
from kiosk.client.queue import Board, CalledTicket
from kiosk.i18n import text

log = logging.getLogger(__name__)
RETRY_FIRST_SECONDS = 0.5
RETRY_MAX_SECONDS = 5.0


class BoardSource(Protocol):
    async def board(self, after: int | None = None, language: str = "pt") -> Board: ...


class Announcer(Protocol):
    def say(self, text: str, language: str, *, interrupt: bool = True) -> None: ...


@dataclass(frozen=True)
class BoardUpdate:
    board: Board | None
    """The newest board (the last one known while the portal is away; None before the first)."""
    connected: bool
    announced: tuple[CalledTicket, ...] = ()


def spoken_number(number: str) -> str:
    """'A023' as it is read aloud: 'A 23' (the letter, then the number without its zeros)."""
    prefix = number.rstrip("0123456789")
    digits = number[len(prefix) :]
    return f"{prefix} {int(digits)}" if digits else number


def announcement(called: CalledTicket, language: str) -> str:
    return text(language, "queue.display.announce", ticket=spoken_number(called.number), desk=called.desk)


def newly_called(before: Board | None, after: Board) -> tuple[CalledTicket, ...]:
    """Calls on ``after`` that ``before`` did not have (a recall has a new time), oldest first."""
    if before is None:
        return ()
    known = {(item.number, item.called_at) for item in before.called}
    return tuple(item for item in reversed(after.called) if (item.number, item.called_at) not in known)


class BoardWatcher:
    def __init__(
        self,
        source: BoardSource,
        announcer: Announcer | None,
        languages: Sequence[str] = ("pt", "en"),
        *,
        sleep: Callable[[float], object] = asyncio.sleep,
    ) -> None:
        self.source = source
        self.announcer = announcer
        self.languages = tuple(languages)
        self.board: Board | None = None
        self.connected = False
        self._sleep = sleep

    async def step(self) -> BoardUpdate:
        """One look at the portal: the board (at once the first time, then when it changes)."""
        after = self.board.version if self.board is not None else None
        board = await self.source.board(after, self.languages[0])
        called = newly_called(self.board, board)
        self.board, self.connected = board, True
        for item in called:
            self.announce(item)
        return BoardUpdate(board, True, called)

    def announce(self, called: CalledTicket) -> None:
        if self.announcer is None:
            return
        for language in self.languages:
            self.announcer.say(announcement(called, language), language, interrupt=False)

    async def run(self, on_update: Callable[[BoardUpdate], None]) -> None:
        """Forever (until cancelled): each new board to ``on_update``, and a lost portal once, as
        connected=False (the last board stays with it)."""
        pause = RETRY_FIRST_SECONDS
        down = False
        while True:
            before = self.board.version if self.board is not None else None
            try:
                update = await self.step()
            except (PortalError, OSError) as error:
                if not down:
                    log.warning("display: portal unreachable (%s); retrying", type(error).__name__)
                    on_update(BoardUpdate(self.board, False))
                down, self.connected = True, False
                await self._wait(pause)
                pause = min(RETRY_MAX_SECONDS, pause * 2)
                continue
            pause = RETRY_FIRST_SECONDS
            if down or update.board is None or update.board.version != before:
                on_update(update)
            down = False

    async def _wait(self, seconds: float) -> None:
        result = self._sleep(seconds)
        if asyncio.iscoroutine(result):
            await result
