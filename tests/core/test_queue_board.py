"""The display's loop and the kiosk's queue service, headless, against the real portal under uvicorn: new
calls are announced in both languages, a portal restart is survived without anyone pressing anything, and a
ticket taken at the kiosk comes out of the printer."""

from __future__ import annotations

import asyncio
import json
import threading
from pathlib import Path

from kiosk.client.portal import PortalClient
from kiosk.client.queue import Board, CalledTicket, QueueClient
from kiosk.config import Settings
from kiosk.core import KioskCore
from kiosk.embedded import EmbeddedPortal
from kiosk.services.board import BoardUpdate, BoardWatcher, announcement, newly_called, spoken_number
from portal.content.demo_people import DEMO_COUNTER_TOKEN, DEMO_DISPLAY_TOKEN, DEMO_STAFF


class Recorder:
    """Stands in for the speech command's ears: what the Speaker was asked to say, in order."""

    def __init__(self) -> None:
        self.said: list[tuple[str, str, bool]] = []

    def say(self, text: str, language: str, *, interrupt: bool = True) -> None:
        self.said.append((text, language, interrupt))


async def clerk(url: str) -> tuple[QueueClient, str]:
    counter = QueueClient(PortalClient(url, DEMO_COUNTER_TOKEN))
    username, _, _, password = DEMO_STAFF[0]
    data = await counter.portal.call(
        "POST",
        "/v1/auth/staff/session",
        "en",
        content=json.dumps({"username": username, "password": password}).encode(),
        headers={"Content-Type": "application/json"},
        retry=False,
    )
    return counter, str(data["session_token"])


def test_numbers_are_read_as_letter_and_number_in_both_languages() -> None:
    assert spoken_number("A023") == "A 23"
    assert spoken_number("P100") == "P 100"
    called = CalledTicket("B007", "4", "2026-03-02T09:00:00+00:00")
    assert announcement(called, "pt") == "Senha B 7, balcão 4"
    assert announcement(called, "en") == "Ticket B 7, desk 4"


def test_only_calls_new_to_the_board_are_announced_oldest_first() -> None:
    first = CalledTicket("A001", "1", "t1")
    second = CalledTicket("A002", "2", "t2")
    recalled = CalledTicket("A001", "1", "t3")
    before = Board((first,), (), 1)
    after = Board((recalled, second, first), (), 3)
    assert newly_called(None, after) == ()  # at start-up the board's calls are old news
    assert newly_called(before, after) == (second, recalled)


def test_the_watcher_announces_calls_and_comes_back_after_a_portal_restart(
    running_portal: tuple[EmbeddedPortal, str],
) -> None:
    portal, kiosk_token = running_portal
    updates: list[BoardUpdate] = []
    changed = threading.Event()

    def record(update: BoardUpdate) -> None:
        updates.append(update)
        changed.set()

    async def until(condition: str, check: object) -> None:
        for _ in range(600):
            if callable(check) and check():
                return
            await asyncio.sleep(0.05)
        raise AssertionError(f"the display never saw: {condition}; updates: {updates}")

    async def scenario() -> None:
        recorder = Recorder()
        display = QueueClient(PortalClient(portal.url, DEMO_DISPLAY_TOKEN, timeout=8))
        kiosk = QueueClient(PortalClient(portal.url, kiosk_token))
        counter, token = await clerk(portal.url)
        watcher = BoardWatcher(display, recorder, ("pt", "en"))
        running = asyncio.create_task(watcher.run(record))
        try:
            await until("the first board", lambda: updates and updates[-1].connected)
            assert recorder.said == []
            ticket = await kiosk.take_ticket("B", "en")
            await until("B waiting", lambda: any(u.board and u.board.waiting[1].waiting for u in updates))
            await counter.call_next(token, "3", ["B"])
            await until("the call", lambda: recorder.said)
            spoken = spoken_number(ticket.number)
            assert recorder.said == [
                (f"Senha {spoken}, balcão 3", "pt", False),
                (f"Ticket {spoken}, desk 3", "en", False),
            ]
            assert updates[-1].board is not None
            assert updates[-1].board.called[0].number == ticket.number

            # The portal goes away: the display says so and keeps the board; back on the same port, it
            # reconnects by itself and the next call is announced.
            port = portal.port
            await asyncio.to_thread(portal.stop)
            await until("the portal gone", lambda: not updates[-1].connected)
            assert updates[-1].board is not None
            assert updates[-1].board.called[0].number == ticket.number
            await asyncio.to_thread(portal.start, port)
            await asyncio.to_thread(portal.wait_ready)
            await until("the portal back", lambda: updates[-1].connected)
            await counter.recall(token, ticket.id)
            await until("the recall", lambda: len(recorder.said) == 4)
            assert recorder.said[2] == (f"Senha {spoken}, balcão 3", "pt", False)
        finally:
            running.cancel()
            for client in (display, kiosk, counter):
                await client.portal.aclose()

    asyncio.run(scenario())


def test_a_ticket_from_the_kiosk_is_printed(demo_settings: Settings, spool_dir: Path) -> None:
    core = KioskCore(demo_settings)
    try:
        core.start_portal()

        async def take() -> tuple[str, bool]:
            categories = await core.queue.categories("en")
            assert [category.code for category in categories] == ["A", "B", "C", "P"]
            ticket = await core.queue.take_ticket("A", "en", "kiosk-ticket-0001")
            printed = await asyncio.to_thread(core.queue.print_ticket, ticket, "en")
            return ticket.number, printed

        number, printed = asyncio.run(take())
    finally:
        core.stop()
    assert printed
    from tests.conftest import pdf_text

    [pdf] = sorted(spool_dir.glob("*.pdf"))
    words = pdf_text(pdf)
    assert number in words
    assert "General services" in words
