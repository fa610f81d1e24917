"""A ticket's place and estimated wait follow call-next's order, on both backends (portal.queue driven with
explicit clock times): an appointment whose time has come is ahead of every walk-in of its line, one not yet
due waits its turn by arrival; and the desk then calls them in exactly the order the places said. A ticket
takes no appointment any more (an old client's field is refused by name)."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest

from tests.portal.conftest import BACKENDS, RunningPortal, database, idempotency_key

T0 = dt.datetime(2027, 2, 10, 10, 0, tzinfo=dt.UTC)


def at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


@pytest.mark.parametrize("backend", BACKENDS)
def test_places_and_waits_agree_with_call_next(backend: str, tmp_path: Path) -> None:
    from portal.db import create_engine, session_factory
    from portal.migrate import upgrade_database
    from portal.models_queue import Ticket
    from portal.queue import ensure_demo_branch, issue, ticket_view
    from portal.queue_calling import act, call_next

    async def scenario(url: str) -> tuple[dict[str, tuple[int, int]], dict[str, tuple[int, int]], list[str]]:
        await upgrade_database(url)
        engine = create_engine(url)
        try:
            async with session_factory(engine)() as db:
                await ensure_demo_branch(db)
                await db.commit()
                tickets = {}
                # name: (arrival, due_at) - walk-ins have no due time; the appointment "later" is at 10:10.
                arrivals = {
                    "walk-in 1": (at(0), None),
                    "later": (at(1), at(10)),
                    "due": (at(1.5), at(3)),
                    "walk-in 2": (at(2), None),
                }
                for name, (arrived, due) in arrivals.items():
                    appointment = f"appointment-{name}" if due else None
                    ticket = await issue(
                        db, "demo", "A", "kiosk", appointment=appointment, due_at=due, now=arrived
                    )
                    await db.commit()
                    tickets[ticket.id] = name

                async def places(now: dt.datetime) -> dict[str, tuple[int, int]]:
                    views = {}
                    for ticket_id, name in tickets.items():
                        row = await db.get(Ticket, ticket_id)
                        assert row is not None
                        view = await ticket_view(db, row, now)
                        views[name] = (view["position"], view["estimated_wait_minutes"])
                    return views

                before = await places(at(2.5))  # the appointment "due" is at 10:03: not yet
                after = await places(at(4))
                called = []
                for _ in tickets:
                    next_one = await call_next(db, "demo", "1", ["A"], "clerk", now=at(4))
                    assert next_one is not None
                    called.append(tickets[next_one.id])
                    await act(db, "demo", next_one.id, "done", "clerk", now=at(4))
                return before, after, called
        finally:
            await engine.dispose()

    with database(backend, tmp_path) as url:
        before, after, called = asyncio.run(scenario(url))
    # Nobody served yet: 5 minutes a ticket, one desk.
    assert before == {"walk-in 1": (1, 0), "later": (2, 5), "due": (3, 10), "walk-in 2": (4, 15)}
    assert after == {"due": (1, 0), "walk-in 1": (2, 5), "later": (3, 10), "walk-in 2": (4, 15)}
    assert called == sorted(after, key=lambda name: after[name][0])


def test_a_ticket_takes_no_appointment_any_more(portal: RunningPortal) -> None:
    """An appointment's ticket comes from its check-in; an old client's unchecked `appointment` is refused by
    name, and nothing is issued under its key."""
    key = idempotency_key()
    with portal.kiosk() as kiosk:
        old = kiosk.post(
            "/v1/queue/tickets",
            json={"category": "A", "appointment": "HK3M-7QPA"},
            headers={"Idempotency-Key": key},
        )
        assert old.status_code == 422
        assert old.headers["content-type"] == "application/problem+json"
        assert [error["field"] for error in old.json()["errors"]] == ["appointment"]
        walk_in = kiosk.post("/v1/queue/tickets", json={"category": "A"}, headers={"Idempotency-Key": key})
        assert walk_in.status_code == 201, walk_in.text
        assert walk_in.json()["status"] == "waiting"
