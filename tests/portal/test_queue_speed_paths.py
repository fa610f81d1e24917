"""What the queue's fast paths keep in a worker, and how soon a change reaches them (docs/portal.md, "Queue
performance"): a clerk's session (portal/deps.py) and the queue directory (portal/queue_directory.py).

Over HTTP to the demo portal under uvicorn (one worker), on both backends; changes that another worker or an
administrator would make are written straight to the database, as they would arrive.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import insert, update

from portal.deps import DEVICE_CACHE_SECONDS
from portal.models import SessionToken, StaffUser, utcnow
from portal.models_queue import Desk
from portal.queue_directory import DIRECTORY_SECONDS
from portal.security import token_digest
from tests.portal.conftest import RunningPortal

MARGIN = 3.0
"""Beyond the stated bound: a revalidation pass and a request under a loaded machine."""


def write(database_url: str, *statements: Any) -> None:
    from portal.db import create_engine

    async def run() -> None:
        engine = create_engine(database_url)
        try:
            async with engine.begin() as connection:
                for statement in statements:
                    await connection.execute(statement)
        finally:
            await engine.dispose()

    asyncio.run(run())


def add_staff(database_url: str, username: str, password: str) -> None:
    from portal.db import create_engine, session_factory
    from portal.seed import create_staff

    async def run() -> None:
        engine = create_engine(database_url)
        try:
            async with session_factory(engine)() as db, db.begin():
                await create_staff(db, username, "Test Clerk", "clerk", password)
        finally:
            await engine.dispose()

    asyncio.run(run())


@pytest.fixture
def own_clerk(portal: RunningPortal) -> Iterator[tuple[httpx.Client, str]]:
    """A clerk of this test alone, signed in at the demo counter: disabling it troubles no other test."""
    username, password = f"clerk-{secrets.token_hex(4)}", secrets.token_urlsafe(12)
    add_staff(portal.database_url, username, password)
    with portal.client(portal.counter_token) as client:
        response = client.post("/v1/auth/staff/session", json={"username": username, "password": password})
        assert response.status_code == 201, response.text
        client.headers["X-Session-Token"] = response.json()["session_token"]
        yield client, username


def until(check: Callable[[], bool], seconds: float) -> float:
    """Seconds until check() held, polling; fails past the bound."""
    started = time.monotonic()
    while not check():
        assert time.monotonic() - started < seconds, f"not within {seconds:.0f} s"
        time.sleep(0.2)
    return time.monotonic() - started


def test_a_clerk_signed_out_is_refused_at_once(own_clerk: tuple[httpx.Client, str]) -> None:
    clerk, _ = own_clerk
    assert clerk.get("/v1/queue/desks/1").status_code == 200  # kept by the worker from now on
    assert clerk.delete("/v1/auth/session").status_code == 204
    refused = clerk.get("/v1/queue/desks/1")
    assert refused.status_code == 401, refused.text


def test_a_session_ended_elsewhere_is_refused_within_the_bound(
    portal: RunningPortal, own_clerk: tuple[httpx.Client, str]
) -> None:
    """Another worker's sign-out, or housekeeping: only the database tells this worker."""
    clerk, _ = own_clerk
    assert clerk.get("/v1/queue/desks/1").status_code == 200
    digest = token_digest(clerk.headers["X-Session-Token"])
    write(
        portal.database_url,
        update(SessionToken).where(SessionToken.token_hash == digest).values(ended_at=utcnow()),
    )
    until(lambda: clerk.get("/v1/queue/desks/1").status_code == 401, DEVICE_CACHE_SECONDS + MARGIN)


def test_a_disabled_clerk_is_refused_within_the_bound(
    portal: RunningPortal, own_clerk: tuple[httpx.Client, str]
) -> None:
    clerk, username = own_clerk
    assert clerk.get("/v1/queue/desks/1").status_code == 200
    write(portal.database_url, update(StaffUser).where(StaffUser.username == username).values(disabled=True))
    until(lambda: clerk.get("/v1/queue/desks/1").status_code == 401, DEVICE_CACHE_SECONDS + MARGIN)
    assert clerk.post("/v1/queue/desks/1/call-next").status_code == 401  # no ticket moved


def test_a_new_desk_answers_at_once_and_a_changed_one_within_the_bound(
    portal: RunningPortal, own_clerk: tuple[httpx.Client, str]
) -> None:
    clerk, _ = own_clerk
    code = f"T{secrets.token_hex(3)}"
    assert clerk.get(f"/v1/queue/desks/{code}").status_code == 404  # an unknown desk is not kept
    write(portal.database_url, insert(Desk).values(branch_code="demo", code=code, categories=["B"]))
    desk = clerk.get(f"/v1/queue/desks/{code}")
    assert desk.status_code == 200, desk.text
    assert desk.json()["categories"] == ["B"]
    write(
        portal.database_url,
        update(Desk).where(Desk.branch_code == "demo", Desk.code == code).values(categories=["C"]),
    )
    until(
        lambda: clerk.get(f"/v1/queue/desks/{code}").json()["categories"] == ["C"],
        DIRECTORY_SECONDS + MARGIN,
    )
