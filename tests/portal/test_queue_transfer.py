"""A ticket transferred to another category keeps its number, even when that category issued the same number;
and every queue route answers odd input (unknown ids, wrong states, missing desks) with a 4xx problem+json."""

from __future__ import annotations

import asyncio

import httpx
from sqlalchemy import select

from portal.content.demo_people import DEMO_DISPLAY_TOKEN
from tests.portal.conftest import RunningPortal
from tests.portal.test_queue_api import call, clerk, take

__all__ = ["clerk"]  # the fixture, imported so pytest finds it here


def _sequence(ticket: dict[str, object]) -> int:
    return int(str(ticket["number"])[1:])


def _same_number_in_a_and_c(kiosk: httpx.Client) -> tuple[dict[str, object], dict[str, object]]:
    """An A ticket and a C ticket with the same sequence number (the shared portal's counters differ)."""
    a, c = take(kiosk, "A"), take(kiosk, "C")
    while _sequence(a) != _sequence(c):
        if _sequence(a) < _sequence(c):
            a = take(kiosk, "A")
        else:
            c = take(kiosk, "C")
    return a, c


def _call_until(clerk: httpx.Client, desk: str, categories: list[str], ticket_id: object) -> dict[str, object]:
    """Call at the desk, finishing any older ticket, until the given ticket is called."""
    while True:
        response = call(clerk, desk, categories)
        assert response.status_code == 200, response.text
        called: dict[str, object] = response.json()
        if called["id"] == ticket_id:
            return called
        assert clerk.post(f"/v1/queue/tickets/{called['id']}/done").status_code == 200


def _problem(response: httpx.Response, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, object] = response.json()
    return body


def test_a_ticket_moves_to_a_category_that_issued_its_number_and_keeps_it(
    portal: RunningPortal, clerk: httpx.Client
) -> None:
    with portal.kiosk() as kiosk:
        a, c = _same_number_in_a_and_c(kiosk)
    assert str(a["number"])[1:] == str(c["number"])[1:]
    _call_until(clerk, "1", ["A"], a["id"])
    moved = clerk.post(f"/v1/queue/tickets/{a['id']}/transfer", json={"category": "C"})
    assert moved.status_code == 200, moved.text
    assert (moved.json()["number"], moved.json()["category"], moved.json()["status"]) == (
        a["number"],
        "C",
        "waiting",
    )
    assert moved.json()["category_name"]["en"] == "Certificates"
    with portal.kiosk() as kiosk:
        # C goes on numbering from its own tickets: the newcomer's A number does not count there.
        assert _sequence(take(kiosk, "C")) == _sequence(c) + 1
        assert _sequence(take(kiosk, "A")) > _sequence(a)
    called = _call_until(clerk, "2", ["C"], a["id"])
    assert (called["number"], called["category"], called["desk"]) == (a["number"], "C", "2")
    assert clerk.post(f"/v1/queue/tickets/{a['id']}/done").status_code == 200
    # The number typed by a clerk still finds one ticket: the C ticket with the same digits is another.
    assert clerk.get(f"/v1/queue/tickets/{c['number']}").json()["id"] == c["id"]
    assert clerk.get(f"/v1/queue/tickets/{a['number']}").json()["id"] == a["id"]
    assert _events(portal.database_url, str(a["id"])) == [
        ("arrive", "A", None),
        ("call", "A", "1"),
        ("transfer", "C", None),
        ("call", "C", "2"),
        ("done", "C", "2"),
    ]


def _events(database_url: str, ticket_id: str) -> list[tuple[str, str, str | None]]:
    from portal.db import create_engine
    from portal.models_queue import TicketEvent

    async def read() -> list[tuple[str, str, str | None]]:
        engine = create_engine(database_url)
        try:
            async with engine.connect() as connection:
                rows = await connection.execute(
                    select(TicketEvent.kind, TicketEvent.category_code, TicketEvent.desk_code)
                    .where(TicketEvent.ticket_id == ticket_id)
                    .order_by(TicketEvent.id)
                )
                return [(kind, category, desk) for kind, category, desk in rows.all()]
        finally:
            await engine.dispose()

    return asyncio.run(read())


def test_every_queue_route_answers_odd_input_with_a_named_4xx(
    portal: RunningPortal, clerk: httpx.Client
) -> None:
    with portal.kiosk() as kiosk:
        first, second = take(kiosk, "B"), take(kiosk, "B")
        assert _problem(kiosk.get("/v1/queue/tickets/nonexistent-id"), 404)["detail"] == (
            "There is no ticket nonexistent- today. Check the number and try again."
        )
        assert _problem(kiosk.post("/v1/queue/help", json={"screen": "bad screen!"}), 422)
    # Unknown desks, on every desk route and as a transfer's target.
    for response in (clerk.get("/v1/queue/desks/42"), call(clerk, "42")):
        assert "42" in str(_problem(response, 404)["detail"])
    # A ticket in the wrong state for each action: still waiting, nobody called it.
    for action in ("recall", "no-show", "park", "done", "transfer"):
        body = {"category": "A"} if action == "transfer" else None
        refused = _problem(clerk.post(f"/v1/queue/tickets/{first['id']}/{action}", json=body), 409)
        assert str(first["number"]) in str(refused["detail"])
        assert "waiting" in str(refused["detail"])
    # Unknown tickets, by id and by number, for each action.
    for action in ("recall", "no-show", "park", "done", "transfer"):
        body = {"desk": "1"} if action == "transfer" else None
        assert "Z998" in str(_problem(clerk.post(f"/v1/queue/tickets/Z998/{action}", json=body), 404)["detail"])
    assert _problem(clerk.post(f"/v1/queue/tickets/{first['id']}/explode"), 422)
    called = _call_until(clerk, "3", ["B"], first["id"])
    transfer = f"/v1/queue/tickets/{called['id']}/transfer"
    assert "99" in str(_problem(clerk.post(transfer, json={"desk": "99"}), 404)["detail"])
    errors = _problem(clerk.post(transfer, json={"category": "Q"}), 422)["errors"]
    assert [error["field"] for error in errors] == ["category"]  # type: ignore[attr-defined]
    assert _problem(clerk.post(transfer, json={"category": "toolongcategory"}), 422)
    assert _problem(clerk.post(transfer, json={"shelf": "A"}), 422)
    # A parked ticket comes back only to a free desk: desk 3 is serving the second ticket now.
    assert clerk.post(f"/v1/queue/tickets/{first['id']}/park").status_code == 200
    _call_until(clerk, "3", ["B"], second["id"])
    busy = _problem(clerk.post(f"/v1/queue/tickets/{first['id']}/recall"), 409)
    assert str(second["number"]) in str(busy["detail"])
    assert clerk.post(f"/v1/queue/tickets/{second['id']}/done").status_code == 200
    assert clerk.post(f"/v1/queue/tickets/{first['id']}/recall").json()["status"] == "called"
    assert clerk.post(f"/v1/queue/tickets/{first['id']}/done").status_code == 200
    # Help requests that do not exist, and a step that does not exist.
    missing = _problem(clerk.post("/v1/queue/help/no-such-request/close"), 404)
    assert missing["detail"] == "There is no such help request at this branch."
    assert _problem(clerk.post("/v1/queue/help/no-such-request/forget"), 422)
    with portal.client(DEMO_DISPLAY_TOKEN) as display:
        assert _problem(display.get("/v1/queue/board", params={"after": -1}), 422)
        assert _problem(display.get("/v1/queue/board", params={"after": "x"}), 422)
        assert _problem(display.get("/v1/queue/board", params={"after": 0, "wait": 99}), 422)
