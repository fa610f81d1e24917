"""The queue over HTTP on both backends: tickets, call-next rules, desk actions, the board, help requests;
and the waiting-time estimate against a simulated day (portal.queue_* driven with explicit clock times)."""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from portal.content.demo_people import DEMO_DISPLAY_TOKEN, DEMO_OPEN311_API_KEY
from tests.portal.conftest import BACKENDS, RunningPortal, database, idempotency_key
from tests.portal.sessions import staff_signed_in

ALL = ["A", "B", "C", "P"]


@pytest.fixture
def clerk(portal: RunningPortal) -> Iterator[httpx.Client]:
    """A clerk at the demo counter, with every desk emptied and nobody left waiting."""
    with staff_signed_in(portal, "clerk") as client:
        for desk in ("1", "2", "3", "4", "5", "6"):
            serving = client.get(f"/v1/queue/desks/{desk}").json()["serving"]
            if serving:
                assert client.post(f"/v1/queue/tickets/{serving['id']}/done").status_code == 200
        while (
            response := client.post("/v1/queue/desks/6/call-next", json={"categories": ALL})
        ).status_code == 200:
            assert client.post(f"/v1/queue/tickets/{response.json()['id']}/done").status_code == 200
        assert response.status_code == 204, response.text
        yield client


def take(client: httpx.Client, category: str, key: str | None = None) -> dict[str, object]:
    response = client.post(
        "/v1/queue/tickets", json={"category": category}, headers={"Idempotency-Key": key or idempotency_key()}
    )
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


def call(clerk: httpx.Client, desk: str, categories: list[str] | None = None) -> httpx.Response:
    body = {"categories": categories} if categories else None
    return clerk.post(f"/v1/queue/desks/{desk}/call-next", json=body)


def test_categories_show_names_in_both_languages_and_only_queue_devices_read_them(
    portal: RunningPortal,
) -> None:
    with portal.kiosk() as kiosk:
        categories = kiosk.get("/v1/queue/categories").json()
    assert [item["code"] for item in categories] == ALL
    assert categories[0]["name"] == {"pt": "Atendimento geral", "en": "General services"}
    assert [item["priority"] for item in categories] == [False, False, False, True]
    with portal.client(DEMO_DISPLAY_TOKEN) as display:
        assert display.get("/v1/queue/categories").status_code == 200
    with portal.client(DEMO_OPEN311_API_KEY) as open311:
        assert open311.get("/v1/queue/categories").status_code == 403
    with portal.client() as nobody:
        assert nobody.get("/v1/queue/categories").status_code == 401


def test_a_kiosk_takes_numbered_tickets_once_per_key(portal: RunningPortal, clerk: httpx.Client) -> None:
    with portal.kiosk() as kiosk:
        first = take(kiosk, "C")
        key = idempotency_key()
        second = take(kiosk, "C", key)
        assert take(kiosk, "C", key) == second  # a retry gets the same ticket, not a new one
        conflict = kiosk.post("/v1/queue/tickets", json={"category": "A"}, headers={"Idempotency-Key": key})
        assert conflict.status_code == 409
        missing = kiosk.post("/v1/queue/tickets", json={"category": "A"})
        assert missing.status_code == 400
        unknown = kiosk.post(
            "/v1/queue/tickets", json={"category": "Z"}, headers={"Idempotency-Key": idempotency_key()}
        )
    assert str(first["number"]).startswith("C")
    assert str(second["number"]).startswith("C")
    assert int(str(second["number"])[1:]) == int(str(first["number"])[1:]) + 1
    assert (first["position"], second["position"]) == (1, 2)
    assert second["category_name"] == {"pt": "Certidões", "en": "Certificates"}
    assert unknown.status_code == 422
    assert unknown.headers["content-type"].startswith("application/problem+json")
    assert unknown.json()["errors"][0]["field"] == "category"


def test_call_next_serves_priority_first_then_the_oldest(portal: RunningPortal, clerk: httpx.Client) -> None:
    with portal.kiosk() as kiosk:
        a = take(kiosk, "A")
        b = take(kiosk, "B")
        p = take(kiosk, "P")
        c = take(kiosk, "C")
    order = []
    for _ in range(3):
        response = call(clerk, "1", ["A", "B", "P"])
        assert response.status_code == 200, response.text
        order.append(response.json()["number"])
        assert response.json()["desk"] == "1"
        assert response.json()["status"] == "called"
        assert clerk.post(f"/v1/queue/tickets/{response.json()['id']}/done").status_code == 200
    assert order == [p["number"], a["number"], b["number"]]
    assert call(clerk, "1", ["A", "B", "P"]).status_code == 204  # C is not this desk's
    assert call(clerk, "2", ["C"]).json()["number"] == c["number"]


def test_a_desk_serves_one_ticket_at_a_time_and_finds_it_again(
    portal: RunningPortal, clerk: httpx.Client
) -> None:
    with portal.kiosk() as kiosk:
        first = take(kiosk, "A")
        take(kiosk, "A")
    called = call(clerk, "3").json()
    assert called["number"] == first["number"]
    busy = call(clerk, "3")
    assert busy.status_code == 409
    assert first["number"] in busy.json()["detail"]
    # As after a dropped connection: the desk asks what it is serving, and can call it again.
    assert clerk.get("/v1/queue/desks/3").json()["serving"]["number"] == first["number"]
    recalled = clerk.post(f"/v1/queue/tickets/{first['number']}/recall")
    assert recalled.status_code == 200
    assert recalled.json()["status"] == "called"


def test_park_recall_no_show_transfer_and_done(portal: RunningPortal, clerk: httpx.Client) -> None:
    with portal.kiosk() as kiosk:
        one, two, three = take(kiosk, "A"), take(kiosk, "A"), take(kiosk, "A")
    assert call(clerk, "4").json()["id"] == one["id"]
    assert clerk.post(f"/v1/queue/tickets/{one['id']}/park").json()["status"] == "parked"
    assert call(clerk, "4").json()["id"] == two["id"]  # parked: the desk may call the next
    assert clerk.post(f"/v1/queue/tickets/{two['id']}/no-show").json()["status"] == "no_show"
    again = clerk.post(f"/v1/queue/tickets/{one['id']}/recall").json()
    assert (again["status"], again["desk"]) == ("called", "4")
    # Transferred to desk 5, it goes ahead of older tickets there and never reaches another desk.
    moved = clerk.post(f"/v1/queue/tickets/{one['id']}/transfer", json={"desk": "5"}).json()
    assert (moved["status"], moved["desk"]) == ("waiting", "5")
    with portal.kiosk() as kiosk:
        take(kiosk, "A")
    assert call(clerk, "2").json()["id"] == three["id"]
    assert (
        clerk.post(f"/v1/queue/tickets/{three['id']}/transfer", json={"category": "C"}).json()["category"]
        == "C"
    )
    assert call(clerk, "5").json()["id"] == one["id"]
    done = clerk.post(f"/v1/queue/tickets/{one['id']}/done", json={"service": "CIVIL-BIRTH-CERT"})
    assert done.json()["status"] == "done"
    refused = clerk.post(f"/v1/queue/tickets/{one['id']}/park")
    assert refused.status_code == 409
    assert refused.json()["detail"] == f"Ticket {one['number']} is done: it cannot be parked now."
    assert call(clerk, "2", ["C"]).json()["id"] == three["id"]
    empty_transfer = clerk.post(f"/v1/queue/tickets/{three['id']}/transfer", json={})
    assert empty_transfer.status_code == 422
    assert clerk.post(f"/v1/queue/tickets/{three['id']}/transfer", json={"desk": "99"}).status_code == 404
    _events_tell_the_story(portal.database_url, str(one["id"]))


def _events_tell_the_story(database_url: str, ticket_id: str) -> None:
    from portal.db import create_engine
    from portal.models_queue import TicketEvent

    async def events() -> list[tuple[str, str | None, str | None, str | None]]:
        engine = create_engine(database_url)
        try:
            async with engine.connect() as connection:
                rows = await connection.execute(
                    select(TicketEvent.kind, TicketEvent.desk_code, TicketEvent.staff_id, TicketEvent.service)
                    .where(TicketEvent.ticket_id == ticket_id)
                    .order_by(TicketEvent.id)
                )
                return [tuple(row) for row in rows.all()]  # type: ignore[misc]
        finally:
            await engine.dispose()

    story = asyncio.run(events())
    assert [kind for kind, *_ in story] == ["arrive", "call", "park", "recall", "transfer", "call", "done"]
    assert [desk for _, desk, *_ in story] == [None, "4", "4", "4", "5", "5", "5"]
    assert all(staff for _, _, staff, _ in story[1:])
    assert story[-1][3] == "CIVIL-BIRTH-CERT"


def test_wrong_numbers_and_desks_get_plain_messages(portal: RunningPortal, clerk: httpx.Client) -> None:
    missing = clerk.post("/v1/queue/tickets/Z999/recall")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "There is no ticket Z999 today. Check the number and try again."
    assert call(clerk, "77").status_code == 404
    assert "77" in call(clerk, "77").json()["detail"]
    bad_category = call(clerk, "1", ["Q"])
    assert bad_category.status_code == 422
    assert bad_category.json()["errors"][0]["field"] == "categories"
    with portal.client(portal.counter_token, "pt") as anonymous_counter:
        assert anonymous_counter.post("/v1/queue/desks/1/call-next").status_code == 403
    with portal.kiosk() as kiosk:
        assert kiosk.post("/v1/queue/desks/1/call-next").status_code == 403


def test_the_board_shows_calls_and_waiting_and_long_polls(portal: RunningPortal, clerk: httpx.Client) -> None:
    with portal.kiosk() as kiosk:
        ticket = take(kiosk, "B")
        take(kiosk, "B")
    with portal.client(DEMO_DISPLAY_TOKEN) as display:
        before = display.get("/v1/queue/board").json()
        waiting = {item["category"]: item["waiting"] for item in before["waiting"]}
        assert waiting["B"] == 2
        started = time.monotonic()
        unchanged = display.get("/v1/queue/board", params={"after": before["version"], "wait": 1}).json()
        assert unchanged["version"] == before["version"]
        assert time.monotonic() - started >= 0.9
        timer = threading.Timer(0.5, lambda: call(clerk, "2", ["B"]))
        timer.start()
        started = time.monotonic()
        after = display.get("/v1/queue/board", params={"after": before["version"], "wait": 8}).json()
        timer.join()
    assert time.monotonic() - started < 7
    assert after["version"] > before["version"]
    assert after["called"][0]["number"] == ticket["number"]
    assert after["called"][0]["desk"] == "2"
    assert {item["category"]: item["waiting"] for item in after["waiting"]}["B"] == 1


def test_help_requests_carry_the_kiosk_and_screen_only(portal: RunningPortal, clerk: httpx.Client) -> None:
    with portal.kiosk() as kiosk:
        created = kiosk.post("/v1/queue/help", json={"screen": "question"})
        personal = kiosk.post("/v1/queue/help", json={"screen": "home", "name": "Maria"})
        assert kiosk.get("/v1/queue/help").status_code == 403
    assert created.status_code == 201, created.text
    assert set(created.json()) == {"id", "kiosk", "screen", "status", "created_at", "acknowledged_at"}
    assert created.json()["kiosk"].startswith("Quiosque Demo")
    assert personal.status_code == 422
    assert personal.json()["errors"][0]["field"] == "name"
    request_id = created.json()["id"]
    assert request_id in [item["id"] for item in clerk.get("/v1/queue/help").json()]
    assert clerk.post(f"/v1/queue/help/{request_id}/acknowledge").json()["status"] == "acknowledged"
    assert clerk.post(f"/v1/queue/help/{request_id}/close").json()["status"] == "closed"
    assert request_id not in [item["id"] for item in clerk.get("/v1/queue/help").json()]
    assert clerk.post(f"/v1/queue/help/{request_id}/close").status_code == 409


def test_a_call_whose_connection_drops_leaves_the_ticket_at_the_desk(
    portal: RunningPortal, clerk: httpx.Client
) -> None:
    with portal.kiosk() as kiosk:
        ticket = take(kiosk, "A")
    host, port = portal.url.removeprefix("http://").split(":")
    request = (
        "POST /v1/queue/desks/1/call-next HTTP/1.1\r\n"
        f"Host: {host}\r\nAuthorization: {clerk.headers['Authorization']}\r\n"
        f"X-Session-Token: {clerk.headers['X-Session-Token']}\r\nContent-Length: 0\r\n\r\n"
    )
    with socket.create_connection((host, int(port))) as connection:
        connection.sendall(request.encode())
    # The desk hung up without reading the answer; the ticket is at desk 1 or still waiting: never lost.
    deadline = time.monotonic() + 10
    while (serving := clerk.get("/v1/queue/desks/1").json()["serving"]) is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert serving is not None
    assert serving["id"] == ticket["id"]
    assert call(clerk, "1").status_code == 409  # not called twice
    assert clerk.post(f"/v1/queue/tickets/{ticket['id']}/recall").json()["desk"] == "1"


# --- the estimate against a simulated day -------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_estimate_follows_serving_times_and_open_desks(backend: str, tmp_path: Path) -> None:
    from portal.db import create_engine, session_factory
    from portal.migrate import upgrade_database
    from portal.queue import ensure_demo_branch, issue
    from portal.queue_board import category_views
    from portal.queue_calling import act, call_next
    from portal.queue_estimates import estimate
    from portal.seed import create_device

    async def day(url: str) -> tuple[int, float, int, list[int]]:
        engine = create_engine(url)
        sessions = session_factory(engine)
        opening = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
        try:
            async with sessions() as db, db.begin():
                await ensure_demo_branch(db)
                await create_device(db, "kiosk", "kiosk")
            async with sessions() as db:
                from portal.models import Device

                kiosk = (await db.scalars(select(Device.id))).one()
            # 9:00-9:36: two desks serve six A tickets each, 6 minutes a ticket (three rounds of two desks
            # would be 18 minutes; twelve tickets take 36).
            async with sessions() as db:
                for minute in range(12):
                    async with db.begin():
                        await issue(db, "demo", "A", kiosk, now=opening + dt.timedelta(seconds=minute))
            for round_ in range(6):
                start = opening + dt.timedelta(minutes=6 * round_)
                for desk in ("1", "2"):
                    async with sessions() as db:
                        ticket = await call_next(db, "demo", desk, ["A"], None, now=start)
                        assert ticket is not None
                    async with sessions() as db:
                        await act(db, "demo", ticket.id, "done", None, now=start + dt.timedelta(minutes=6))
            # Five people arrive at 9:36 and wait.
            now = opening + dt.timedelta(minutes=36)
            async with sessions() as db:
                for second in range(5):
                    async with db.begin():
                        await issue(db, "demo", "A", kiosk, now=now + dt.timedelta(seconds=second))
            async with sessions() as db:
                views = {view["code"]: view for view in await category_views(db, "demo", now)}
                a = await estimate(db, "demo", "A", now)
                # B never served: it borrows the branch's serving time and desks.
                b = await estimate(db, "demo", "B", now)
                # Later, when nobody has called for an hour and nothing was served for 3 hours: the default.
                late = await estimate(db, "demo", "A", now + dt.timedelta(hours=4))
            return (
                views["A"]["estimated_wait_minutes"],
                a.serving_minutes,
                a.open_desks,
                [
                    b.minutes(3),
                    late.minutes(2),
                ],
            )
        finally:
            await engine.dispose()

    with database(backend, tmp_path) as url:
        asyncio.run(upgrade_database(url))
        minutes, serving, desks, others = asyncio.run(day(url))
    assert serving == pytest.approx(6.0)
    assert desks == 2
    assert minutes == 15  # ceil(5 waiting x 6 min / 2 desks)
    assert others == [9, 10]  # B: ceil(3 x 6 / 2); late: ceil(2 x 5 min default / 1 desk)
