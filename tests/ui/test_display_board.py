"""The public display (mode = "display") under Pilot: live against the embedded portal, a call shows in big
characters with its desk and is spoken through the real speech command in both languages; and snapshots of
a busy board at 80x24 and 200x60."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

import pytest
from textual.pilot import Pilot

from kiosk.client.portal import PortalClient
from kiosk.client.queue import Board, CalledTicket, QueueClient, WaitingLine
from kiosk.config import Settings
from kiosk.services.board import BoardUpdate
from portal.content.demo_people import DEMO_COUNTER_TOKEN, DEMO_KIOSK_TOKEN, DEMO_STAFF
from screens.app import KioskApp
from screens.display.big_text import BigText, big_lines
from screens.display.board import BoardScreen
from tests.helpers import require_tool, wait_until


def display_settings(settings: Settings, speech_command: str = "") -> Settings:
    return replace(
        settings,
        kiosk=replace(settings.kiosk, mode="display"),
        accessibility=replace(settings.accessibility, speech_command=speech_command),
    )


async def call_a_ticket(url: str, kiosk_token: str, desk: str) -> str:
    """A ticket from the kiosk, called by a clerk at ``desk``; its number."""
    kiosk = QueueClient(PortalClient(url, kiosk_token))
    counter = QueueClient(PortalClient(url, DEMO_COUNTER_TOKEN))
    try:
        ticket = await kiosk.take_ticket("A", "en")
        username, _, _, password = DEMO_STAFF[0]
        body = json.dumps({"username": username, "password": password}).encode()
        headers = {"Content-Type": "application/json"}
        data = await counter.portal.call("POST", "/v1/auth/staff/session", "en", content=body, headers=headers)
        called = await counter.call_next(str(data["session_token"]), desk, ["A"])
        assert called is not None
        assert called.id == ticket.id
        return ticket.number
    finally:
        await kiosk.portal.aclose()
        await counter.portal.aclose()


def test_big_characters_cover_every_line_letter() -> None:
    for letter in "ABCPGHKLMNRSTUVWXYZ":
        rows = big_lines(letter).split("\n")
        assert len(rows) == 3
        assert any(cell.strip() for cell in rows), letter
    assert big_lines("P12").count("\n") == 2


async def test_the_display_shows_and_says_a_call(demo_settings: Settings, tmp_path: Path) -> None:
    tee = require_tool("tee")
    said = tmp_path / "said.txt"
    settings = display_settings(demo_settings, f"{tee} -a {said}")
    app = KioskApp(settings)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            assert isinstance(app.screen, BoardScreen)
            screen = app.screen
            await wait_until(pilot, lambda: screen.board is not None, "the first board")
            url = app.core.portal_service.url
            # The embedded portal gives a display the display's credential: the ticket comes from the kiosk's.
            number = await call_a_ticket(url, DEMO_KIOSK_TOKEN, "2")
            await wait_until(pilot, lambda: screen.query_one("#number-0", BigText).value == number, "the call")
            assert screen.query_one("#desk-0", BigText).value == "2"
            spoken = f"A {int(number[1:])}"
            await wait_until(
                pilot,
                lambda: said.exists() and f"Ticket {spoken}, desk 2" in said.read_text(encoding="utf-8"),
                "both announcements",
            )
            assert f"Senha {spoken}, balcão 2" in said.read_text(encoding="utf-8")
            assert "Atualizado" in str(screen.query_one("#connection").render())
    finally:
        app.stop_services()


# --- snapshots ------------------------------------------------------------------------------------------------

BUSY = Board(
    called=(
        CalledTicket("A023", "4", "t6"),
        CalledTicket("P003", "1", "t5"),
        CalledTicket("B011", "6", "t4"),
        CalledTicket("C007", "2", "t3"),
        CalledTicket("A022", "3", "t2"),
        CalledTicket("A021", "5", "t1"),
    ),
    waiting=(
        WaitingLine("A", "A", {"pt": "Atendimento geral", "en": "General services"}, 12, 18),
        WaitingLine("B", "B", {"pt": "Empresas", "en": "Business"}, 3, 9),
        WaitingLine("C", "C", {"pt": "Certidões", "en": "Certificates"}, 0, 0),
        WaitingLine("P", "P", {"pt": "Atendimento prioritário", "en": "Priority service"}, 1, 2),
    ),
    version=42,
)


class StillBoard(BoardScreen):
    """The board screen showing a fixed board: no portal, nothing moving."""

    def watch_board(self) -> None:  # type: ignore[override]
        self.show_update(BoardUpdate(BUSY, True))


class StillDisplay(KioskApp):
    MODES: ClassVar[dict[str, Any]] = {**KioskApp.MODES, "display": StillBoard}

    def start_services(self) -> None:
        return None

    def watch_idle(self) -> None:
        return None


class AwayBoard(BoardScreen):
    """The same board while the portal is away: the last calls stay, the band says it in both languages."""

    def watch_board(self) -> None:  # type: ignore[override]
        self.show_update(BoardUpdate(BUSY, False))


class AwayDisplay(StillDisplay):
    MODES: ClassVar[dict[str, Any]] = {**KioskApp.MODES, "display": AwayBoard}


@pytest.mark.parametrize(("language", "size"), [("en", (80, 24)), ("pt", (60, 20))])
def test_away_board_snapshot(
    snap_compare: Any, demo_settings: Settings, language: str, size: tuple[int, int]
) -> None:
    app = AwayDisplay(display_settings(demo_settings))
    app.language = language

    async def before(pilot: Pilot[Any]) -> None:
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=before)


@pytest.mark.parametrize(
    ("language", "size"),
    [("pt", (80, 24)), ("pt", (200, 60)), ("en", (80, 24)), ("en", (200, 60)), ("pt", (60, 20))],
)
def test_board_snapshot(
    snap_compare: Any, demo_settings: Settings, language: str, size: tuple[int, int]
) -> None:
    app = StillDisplay(display_settings(demo_settings))
    app.language = language

    async def before(pilot: Pilot[Any]) -> None:
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=before)


async def test_a_card_put_in_a_display_reader_opens_nothing(demo_settings: Settings) -> None:
    """A wall screen watches no card reader: a card in one must not open a citizen's journey on the wall."""
    app = KioskApp(display_settings(demo_settings))
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            board = app.screen
            assert isinstance(board, BoardScreen)
            await wait_until(pilot, lambda: board.board is not None, "the first board")
            await asyncio.to_thread(app.core.insert_demo_card)
            for _ in range(20):  # a reader event reaches the screen within a few frames when one is watched
                await pilot.pause(0.05)
            assert app.screen is board
            assert app.session is None
    finally:
        app.stop_services()
