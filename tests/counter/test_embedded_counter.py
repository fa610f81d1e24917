"""The embedded demo portal hands out the credential of the terminal's mode: a counter's clerk signs in,
a display reads the board, a kiosk stays a kiosk. Real parts: the portal process under uvicorn on loopback,
started exactly as `kiosk demo` / `kiosk run` with `[portal] url = "embedded"` start it (PortalService)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from kiosk.client import PortalClient, PortalError
from kiosk.client.queue import QueueClient
from kiosk.client.staff import StaffClient
from kiosk.config import load_settings
from kiosk.services.portal import PortalService

T = TypeVar("T")
DEMO_CLERK = ("clerk", "demo-clerk-password")
"""The demo clerk documented in docs/counter.md and the README."""


def _started(demo_config: Path, mode: str) -> Iterator[PortalClient]:
    settings = load_settings(demo_config, env={"KIOSK_KIOSK__MODE": mode, "KIOSK_PORTAL__URL": "embedded"})
    assert (settings.kiosk.mode, settings.embedded_portal) == (mode, True)
    service = PortalService(settings)
    try:
        service.start()
        assert service.client is not None
        yield service.client
    finally:
        service.stop()


def _run(client: PortalClient, scenario: Callable[[], Awaitable[T]]) -> T:
    """One event loop for the scenario and the closing of the client's connections."""

    async def then_close() -> T:
        try:
            return await scenario()
        finally:
            await client.aclose()

    return asyncio.run(then_close())


async def _status_of(call: Awaitable[object]) -> int | None:
    try:
        await call
    except PortalError as error:
        return error.status
    return 200


@pytest.fixture
def counter_portal(demo_config: Path) -> Iterator[PortalClient]:
    yield from _started(demo_config, "counter")


@pytest.fixture
def display_portal(demo_config: Path) -> Iterator[PortalClient]:
    yield from _started(demo_config, "display")


@pytest.fixture
def kiosk_portal(demo_config: Path) -> Iterator[PortalClient]:
    yield from _started(demo_config, "kiosk")


def test_the_demo_clerk_signs_in_at_an_embedded_counter_and_uses_the_desk(counter_portal: PortalClient) -> None:
    staff, queue = StaffClient(counter_portal), QueueClient(counter_portal)

    async def scenario() -> tuple[str, str, object, object, int | None]:
        wrong = await _status_of(staff.login("clerk", "not-the-password", "en"))
        session = await staff.login(*DEMO_CLERK, "en")
        # Counter-only routes, with the clerk's session on the counter's device credential.
        desk = await queue.desk(session.token, "1", "en")
        called = await queue.call_next(session.token, "1", language="en")
        await staff.logout(session.token)
        return session.username, desk.desk, desk.serving, called, wrong

    username, desk, serving, called, wrong = _run(counter_portal, scenario)
    assert (username, desk) == ("clerk", "1")
    assert (serving, called) == (None, None)  # a fresh demo branch: nobody waits yet
    assert wrong == 401


def test_an_embedded_display_reads_the_board(display_portal: PortalClient) -> None:
    async def scenario() -> tuple[list[str], int, int | None]:
        board = await QueueClient(display_portal).board(language="en")
        login = await _status_of(StaffClient(display_portal).login(*DEMO_CLERK, "en"))
        return [line.category for line in board.waiting], len(board.called), login

    categories, called, login = _run(display_portal, scenario)
    assert categories == ["A", "B", "C", "P"]
    assert called == 0
    assert login == 403  # a display is no counter: nobody signs in there


def test_an_embedded_kiosk_still_gets_the_kiosk_credential(kiosk_portal: PortalClient) -> None:
    async def scenario() -> tuple[str, int | None]:
        ticket = await QueueClient(kiosk_portal).take_ticket("C", "en")
        login = await _status_of(StaffClient(kiosk_portal).login(*DEMO_CLERK, "en"))
        return ticket.number, login

    number, login = _run(kiosk_portal, scenario)
    assert number.startswith("C")
    assert login == 403
