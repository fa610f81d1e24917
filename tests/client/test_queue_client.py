"""QueueClient against the real portal under uvicorn: a kiosk's ticket, a counter's calls, a display's board
(long-poll), and a help request from the kiosk to the counter."""

from __future__ import annotations

import asyncio
import json

import pytest

from kiosk.client.portal import PortalClient, PortalError
from kiosk.client.queue import DeskBusy, QueueClient
from kiosk.embedded import EmbeddedPortal
from portal.content.demo_people import DEMO_COUNTER_TOKEN, DEMO_DISPLAY_TOKEN, DEMO_STAFF


async def clerk_token(counter: PortalClient) -> str:
    username, _, _, password = DEMO_STAFF[0]
    body = json.dumps({"username": username, "password": password}).encode()
    data = await counter.call(
        "POST",
        "/v1/auth/staff/session",
        "en",
        content=body,
        headers={"Content-Type": "application/json"},
        retry=False,
    )
    return str(data["session_token"])


def test_ticket_call_board_and_help_through_the_queue_client(
    running_portal: tuple[EmbeddedPortal, str],
) -> None:
    portal, kiosk_token = running_portal

    async def scenario() -> None:
        kiosk = QueueClient(PortalClient(portal.url, kiosk_token))
        counter = QueueClient(PortalClient(portal.url, DEMO_COUNTER_TOKEN))
        display = QueueClient(PortalClient(portal.url, DEMO_DISPLAY_TOKEN))
        try:
            categories = await kiosk.categories("en")
            assert [category.code for category in categories] == ["A", "B", "C", "P"]
            assert categories[2].name("en") == "Certificates"
            assert categories[2].name("pt") == "Certidões"

            first = await kiosk.take_ticket("C", "en", key="client-test-0001")
            assert await kiosk.take_ticket("C", "en", key="client-test-0001") == first  # a retry: the same
            second = await kiosk.take_ticket("C", "en")
            assert (first.number, first.position, first.status) == ("C001", 1, "waiting")
            assert (second.number, second.position) == ("C002", 2)
            assert first.category_name("pt") == "Certidões"
            with pytest.raises(PortalError) as unknown:
                await kiosk.take_ticket("Z", "en")
            assert unknown.value.status == 422

            board = await display.board()
            assert {line.category: line.waiting for line in board.waiting}["C"] == 2

            token = await clerk_token(counter.portal)
            called = await counter.call_next(token, "4", ["C"], "en")
            assert called is not None
            assert (called.number, called.desk, called.status) == ("C001", "4", "called")
            with pytest.raises(DeskBusy) as busy:
                await counter.call_next(token, "4", ["C"], "en")
            assert busy.value.serving is not None
            assert busy.value.serving.number == "C001"
            assert "C001" in str(busy.value)

            # The display's long-poll answers as soon as the desk acts.
            waiting = asyncio.create_task(display.board(after=board.version, wait=5))
            await asyncio.sleep(0.3)
            assert (await counter.recall(token, called.id)).status == "called"
            changed = await waiting
            assert changed.version > board.version
            assert changed.called[0].number == "C001"
            assert changed.called[0].desk == "4"

            assert (await counter.park(token, called.id)).status == "parked"
            moved = await counter.transfer(token, called.id, category="A")
            assert (moved.category, moved.status) == ("A", "waiting")
            again = await counter.call_next(token, "4", ["A"])
            assert again is not None
            assert again.id == called.id
            assert (await counter.done(token, again.id, service="CIVIL-BIRTH-CERT")).status == "done"
            other = await counter.call_next(token, "4", ["C"])
            assert other is not None
            assert (await counter.no_show(token, other.id)).status == "no_show"
            assert await counter.call_next(token, "4", ["C"]) is None
            with pytest.raises(PortalError) as wrong:
                await counter.recall(token, "Z999", "en")
            assert wrong.value.status == 404
            assert "Z999" in str(wrong.value)
            assert (await counter.desk(token, "4")).serving is None

            asked = await kiosk.help_request("queue_ticket")
            assert (asked.screen, asked.status) == ("queue_ticket", "open")
            assert asked.kiosk
            assert [item.id for item in await counter.help_requests(token)] == [asked.id]
            assert (await counter.acknowledge_help(token, asked.id)).status == "acknowledged"
            assert (await counter.close_help(token, asked.id)).status == "closed"
            assert await counter.help_requests(token) == []
        finally:
            for client in (kiosk, counter, display):
                await client.portal.aclose()

    asyncio.run(scenario())
