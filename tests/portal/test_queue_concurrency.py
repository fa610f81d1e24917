"""Many desks calling next at once on PostgreSQL, over real HTTP to the portal under uvicorn (two workers):
no ticket is called twice and none is lost."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from portal.content.demo_people import DEMO_STAFF
from portal.models import Device
from tests.portal.conftest import fresh_postgres_database, start_portal, stop_portal

DESKS = 24
TICKETS = 480
CATEGORIES = ("A", "B", "C", "P")


async def _setup(database_url: str) -> tuple[list[str], list[str]]:
    """Desks 1..DESKS, one counter device per desk (each desk signs in on its own terminal), and the
    waiting tickets, written straight to the database: issuing over HTTP has tests of its own."""
    from portal.db import create_engine, session_factory
    from portal.models_queue import Desk
    from portal.queue import issue
    from portal.seed import create_device

    engine = create_engine(database_url)
    try:
        async with session_factory(engine)() as db, db.begin():
            known = set(await db.scalars(select(Desk.code)))
            for number in range(1, DESKS + 1):
                if str(number) not in known:
                    db.add(Desk(branch_code="demo", code=str(number), categories=[]))
            tokens = [await create_device(db, f"test counter {n}", "counter") for n in range(DESKS)]
            kiosk = await db.scalar(select(Device.id).where(Device.kind == "kiosk"))
            assert kiosk is not None
            tickets = [
                (await issue(db, "demo", CATEGORIES[n % len(CATEGORIES)], kiosk)).id for n in range(TICKETS)
            ]
            return tokens, tickets
    finally:
        await engine.dispose()


async def _events(database_url: str) -> Counter[str]:
    from portal.db import create_engine
    from portal.models_queue import TicketEvent

    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                select(TicketEvent.ticket_id, func.count())
                .where(TicketEvent.kind == "call")
                .group_by(TicketEvent.ticket_id)
            )
            return Counter({ticket: int(count) for ticket, count in rows.all()})
    finally:
        await engine.dispose()


async def _run(url: str, counter_tokens: list[str]) -> list[str]:
    username, _, _, password = DEMO_STAFF[0]
    called: list[str] = []

    async def desk(number: int, token: str) -> None:
        async with httpx.AsyncClient(
            base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=30
        ) as http:
            login = await http.post("/v1/auth/staff/session", json={"username": username, "password": password})
            assert login.status_code == 201, login.text
            http.headers["X-Session-Token"] = login.json()["session_token"]
            while True:
                response = await http.post(f"/v1/queue/desks/{number}/call-next")
                if response.status_code == 204:
                    return
                assert response.status_code == 200, response.text
                ticket = response.json()["id"]
                called.append(ticket)
                done = await http.post(f"/v1/queue/tickets/{ticket}/done")
                assert done.status_code == 200, done.text

    await asyncio.gather(*(desk(n + 1, token) for n, token in enumerate(counter_tokens)))
    return called


@pytest.mark.postgres
def test_concurrent_desks_never_share_or_lose_a_ticket(tmp_path: Path) -> None:
    with fresh_postgres_database() as database_url:
        portal = start_portal(database_url, tmp_path, "--workers", "2", "--login-rate-per-minute", "100000")
        try:
            counter_tokens, issued = asyncio.run(_setup(database_url))
            called = asyncio.run(_run(portal.url, counter_tokens))
            calls_per_ticket = asyncio.run(_events(database_url))
        finally:
            stop_portal(portal)
    assert len(set(issued)) == TICKETS
    duplicates = [ticket for ticket, count in Counter(called).items() if count > 1]
    assert duplicates == []
    assert set(called) == set(issued)  # none lost
    assert set(calls_per_ticket.values()) == {1}
    assert set(calls_per_ticket) == set(issued)
