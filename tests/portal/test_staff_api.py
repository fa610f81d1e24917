"""The staff side of the portal at a counter, over HTTP on both backends: roles, the applications desk, a
citizen's history (audited), status notes, cash with change, the drawer, and a simulated day's statistics."""

from __future__ import annotations

import asyncio
import datetime as dt
import secrets
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from portal.db import create_engine, session_factory
from portal.models_queue import Ticket, TicketEvent
from tests.portal.conftest import RunningPortal, start_portal, stop_portal
from tests.portal.sessions import signed_in, staff_signed_in
from tests.portal.test_documents_payments_api import submit


def report_a_pothole(portal: RunningPortal) -> str:
    with portal.kiosk() as kiosk:
        return str(
            submit(kiosk, "REPORT-PROBLEM", {"category": "pothole", "location": "Rua Augusta 10"})["reference"]
        )


def staff_id(client: httpx.Client) -> str:
    response = client.get("/v1/staff/me")
    assert response.status_code == 200, response.text
    return str(response.json()["staff_id"])


def test_staff_routes_need_a_staff_session_on_a_counter(portal: RunningPortal) -> None:
    with (
        staff_signed_in(portal, "clerk") as clerk,
        staff_signed_in(portal, "supervisor") as supervisor,
        portal.kiosk() as kiosk,
        portal.client(portal.counter_token) as counter,
        signed_in(portal, "maria", portal.counter_token) as citizen,
    ):
        clerk_me = clerk.get("/v1/staff/me").json()
        supervisor_me = supervisor.get("/v1/staff/me").json()
        answers = {
            "kiosk": kiosk.get("/v1/staff/applications").status_code,
            "counter without a session": counter.get("/v1/staff/applications").status_code,
            "citizen at a counter": citizen.get("/v1/staff/applications").status_code,
            "no credential": httpx.get(f"{portal.url}/v1/staff/drawer").status_code,
        }
    assert clerk_me["name"] == "Ana Balcão"
    assert clerk_me["roles"] == ["clerk"]
    assert supervisor_me["role"] == "supervisor"
    assert supervisor_me["roles"] == ["clerk", "supervisor"]
    assert answers == {
        "kiosk": 403,
        "counter without a session": 403,
        "citizen at a counter": 403,
        "no credential": 401,
    }


def test_only_supervisors_revoke_documents_and_read_the_audit(portal: RunningPortal) -> None:
    with signed_in(portal, "joao") as citizen:
        document = submit(citizen, "HEALTH-NUMBER", {})["documents"][0]  # type: ignore[index]
    revoke = f"/v1/documents/{document['id']}/revoke"
    with staff_signed_in(portal, "clerk") as clerk, staff_signed_in(portal, "supervisor") as supervisor:
        clerk_revokes = clerk.post(revoke, json={"reason": "issued in error"})
        clerk_reads_audit = clerk.get("/v1/audit")
        supervisor_reads_audit = supervisor.get("/v1/audit")
        supervisor_revokes = supervisor.post(revoke, json={"reason": "issued in error"})
    assert clerk_revokes.status_code == 403
    assert clerk_revokes.headers["content-type"].startswith("application/problem+json")
    assert clerk_reads_audit.status_code == 403
    assert supervisor_reads_audit.status_code == 200
    assert supervisor_revokes.json()["status"] == "revoked"


def test_pending_applications_by_status_and_service_oldest_first_in_pages(portal: RunningPortal) -> None:
    mine = [report_a_pothole(portal) for _ in range(3)]
    with staff_signed_in(portal, "clerk") as clerk:
        seen: list[str] = []
        offset = 0
        while True:
            page = clerk.get(
                "/v1/staff/applications",
                params={"status": "submitted", "service": "REPORT-PROBLEM", "limit": 2, "offset": offset},
            ).json()
            assert len(page["items"]) <= 2
            seen += [item["reference"] for item in page["items"]]
            offset += 2
            if offset >= page["total"]:
                break
        assert page["total"] == len(seen)
        first = clerk.get("/v1/staff/applications", params={"service": "REPORT-PROBLEM", "limit": 1}).json()
        moved = clerk.post(
            f"/v1/applications/{mine[0]}/status", json={"status": "in_progress", "note": "Vistoria"}
        )
        assert moved.status_code == 200, moved.text
        in_progress = clerk.get(
            "/v1/staff/applications", params={"status": "in_progress", "limit": 100}
        ).json()["items"]
        submitted = clerk.get(
            "/v1/staff/applications", params={"status": "submitted", "service": "REPORT-PROBLEM", "limit": 100}
        ).json()["items"]
        pending = clerk.get("/v1/staff/applications", params={"service": "REPORT-PROBLEM", "limit": 100}).json()
        other_service = clerk.get("/v1/staff/applications", params={"service": "PASSPORT", "limit": 100}).json()
        bad = clerk.get("/v1/staff/applications", params={"status": "lost", "limit": 0})
    positions = [seen.index(reference) for reference in mine]
    assert positions == sorted(positions), "oldest first"
    assert first["limit"] == 1
    assert len(first["items"]) == 1
    item = next(item for item in in_progress if item["reference"] == mine[0])
    assert item["service_name"] == "Report a problem in public space"
    assert item["channel"] == "kiosk"
    assert item["payment_status"] is None
    assert set(item) == {
        "reference", "service_code", "service_name", "status", "channel", "created_at", "updated_at",
        "payment_status",
    }  # fmt: skip
    assert mine[0] not in [item["reference"] for item in submitted]
    assert {mine[1], mine[2]} <= {item["reference"] for item in submitted}
    assert set(mine) <= {item["reference"] for item in pending["items"]}
    assert mine[0] not in [item["reference"] for item in other_service["items"]]
    assert bad.status_code == 422
    assert {error["field"] for error in bad.json()["errors"]} == {"status", "limit"}


def test_a_status_change_keeps_the_clerks_note_and_id(portal: RunningPortal) -> None:
    reference = report_a_pothole(portal)
    with staff_signed_in(portal, "clerk") as clerk, staff_signed_in(portal, "supervisor") as supervisor:
        clerk_id = staff_id(clerk)
        rejected = clerk.post(
            f"/v1/applications/{reference}/status", json={"status": "rejected", "note": "Already repaired"}
        )
        too_long = clerk.post(
            f"/v1/applications/{reference}/status", json={"status": "closed", "note": "x" * 501}
        )
        events = supervisor.get("/v1/audit", params={"limit": 500}).json()
    assert rejected.status_code == 200
    assert rejected.json()["history"][-1]["note"] == "Already repaired"
    assert rejected.json()["status"] == "rejected"
    assert too_long.status_code == 422
    change = next(e for e in events if e["object_ref"] == reference and e["action"] == "application.status")
    assert change["actor"] == f"staff:{clerk_id}"
    assert change["channel"] == "counter"


def test_citizen_history_needs_a_purpose_and_is_audited_without_personal_data(portal: RunningPortal) -> None:
    with signed_in(portal, "ines") as citizen:
        own = submit(citizen, "TAX-STATUS", {"purpose": "bank"})
    with staff_signed_in(portal, "clerk") as clerk, staff_signed_in(portal, "supervisor") as supervisor:
        clerk_id = staff_id(clerk)
        url = "/v1/staff/citizens/history"
        found = clerk.post(url, json={"document_number": "34567890 1 zz3", "purpose": "document_reprint"})
        by_civil_id = clerk.post(url, json={"document_number": "34567890", "purpose": "identity_check"})
        belgian = clerk.post(url, json={"document_number": "85.07.14-123.30", "purpose": "service_request"})
        nobody = clerk.post(url, json={"document_number": "99999999 0 ZZ0", "purpose": "payment"})
        no_purpose = clerk.post(url, json={"document_number": "34567890 1 ZZ3"})
        odd_purpose = clerk.post(url, json={"document_number": "34567890 1 ZZ3", "purpose": "curiosity"})
        malformed = clerk.post(url, json={"document_number": "12-AB", "purpose": "payment"})
        pt_malformed = clerk.post(
            url, json={"document_number": "12-AB", "purpose": "payment"}, headers={"Accept-Language": "pt"}
        )
        events = supervisor.get("/v1/audit", params={"limit": 500}).json()
    assert found.status_code == 200, found.text
    body = found.json()
    assert body["person"] == {"given_names": "Inês Sofia", "surname": "Ferreira Lopes"}
    assert own["reference"] in [item["reference"] for item in body["applications"]]
    [document] = [item for item in body["documents"] if item["application_reference"] == own["reference"]]
    assert document["status"] == "valid"
    assert "access_code" not in document
    assert by_civil_id.json()["person"] == body["person"]
    assert belgian.status_code == 200
    assert belgian.json()["person"]["surname"] == "Peeters"
    assert nobody.status_code == 404
    assert "no citizen" in nobody.json()["detail"]
    assert no_purpose.status_code == odd_purpose.status_code == 422
    assert malformed.status_code == 422
    assert malformed.json()["errors"][0]["field"] == "document_number"
    assert "12345678 9 ZZ1" in malformed.json()["errors"][0]["message"]
    assert "cartão de cidadão" in pt_malformed.json()["errors"][0]["message"]
    looks = [event for event in events if event["action"] == "citizen.history"]
    purposes = [event["purpose"] for event in looks[:4]]
    assert purposes == ["payment", "service_request", "identity_check", "document_reprint"]  # newest first
    assert all(event["actor"] == f"staff:{clerk_id}" and event["channel"] == "counter" for event in looks[:4])
    assert all(event["staff_id"] == clerk_id for event in looks[:4])
    assert looks[0]["subject_person_id"] is None  # nobody found, and still recorded
    assert looks[3]["subject_person_id"] is not None
    assert all(event["object_ref"] is None for event in looks[:4])
    printed = repr(looks[:4])
    for personal in ("34567890", "Inês", "Ferreira", "85071412330", "99999999"):
        assert personal not in printed


def test_what_a_counter_does_for_a_citizen_carries_the_clerk(portal: RunningPortal) -> None:
    day = dt.datetime.now(dt.UTC).date().isoformat()
    with staff_signed_in(portal, "supervisor") as supervisor:
        before = {
            row["staff_id"]: row
            for row in supervisor.get("/v1/staff/day-stats", params={"date": day}).json()["clerks"]
        }
        with staff_signed_in(portal, "clerk") as clerk:
            clerk_id = staff_id(clerk)
            with signed_in(portal, "joao", portal.counter_token) as citizen:
                created = submit(citizen, "FAMILY-DOCTOR", {"health_centre": "arroios"})
            stats = supervisor.get("/v1/staff/day-stats", params={"date": day}).json()
            events = supervisor.get("/v1/audit", params={"limit": 500}).json()
    after = {row["staff_id"]: row for row in stats["clerks"]}
    previous = before.get(clerk_id, {"applications": 0})["applications"]
    assert after[clerk_id]["applications"] == previous + 1
    made = next(
        e for e in events if e["object_ref"] == created["reference"] and e["action"] == "application.create"
    )
    assert made["channel"] == "counter"
    assert made["actor"].startswith("citizen:")
    assert made["staff_id"] == clerk_id


def test_cash_is_settled_with_change_and_refused_out_of_bounds(portal: RunningPortal) -> None:
    with signed_in(portal, "maria") as citizen:
        created = submit(citizen, "CRIMINAL-RECORD", {"purpose": "employment", "employer_nif": "500745749"})
    payment = created["payment"]
    assert isinstance(payment, dict)
    url = f"/v1/staff/payments/{payment['id']}/cash"
    with staff_signed_in(portal, "clerk") as clerk, portal.kiosk() as kiosk:
        from_kiosk = kiosk.post(url, json={"tendered_cents": 2000})
        short = clerk.post(url, json={"tendered_cents": 400})
        too_much = clerk.post(url, json={"tendered_cents": 60_000})
        negative = clerk.post(url, json={"tendered_cents": -5})
        missing = clerk.post("/v1/staff/payments/no-such-payment/cash", json={"tendered_cents": 2000})
        taken = clerk.post(url, json={"tendered_cents": 2000})
        again = clerk.post(url, json={"tendered_cents": 2000})
        other = clerk.post(url, json={"tendered_cents": 1000})
    assert from_kiosk.status_code == 403
    assert short.status_code == 422
    [error] = short.json()["errors"]
    assert error["field"] == "tendered_cents"
    assert error["message"] == "The cash handed over (€4.00) is less than the amount due (€5.00)."
    assert too_much.status_code == 422
    assert "€595.00" in too_much.json()["errors"][0]["message"]
    assert negative.status_code == 422
    assert missing.status_code == 404
    assert taken.status_code == 200, taken.text
    body = taken.json()
    assert (body["amount_cents"], body["tendered_cents"], body["change_cents"]) == (500, 2000, 1500)
    assert body["receipt"]["clerk"] == "Ana Balcão"
    assert body["receipt"]["application_reference"] == created["reference"]
    assert body["receipt"]["service_name"] == "Criminal record certificate"
    assert body["receipt"]["number"] == f"{payment['entity']} {payment['reference']}"
    assert body["application"]["status"] == "completed"
    [document] = body["application"]["documents"]
    assert document["access_code"]
    assert again.status_code == 200
    assert again.json()["change_cents"] == 1500
    assert again.json()["application"]["documents"][0]["access_code"] is None
    assert other.status_code == 409


def owed_payment(portal: RunningPortal) -> str:
    with signed_in(portal, "leonor") as citizen:
        created = submit(citizen, "CRIMINAL-RECORD", {"purpose": "employment", "employer_nif": "500745749"})
    return str(created["payment"]["id"])  # type: ignore[index]


def test_the_drawer_totals_cash_per_clerk(portal: RunningPortal) -> None:
    first, second = owed_payment(portal), owed_payment(portal)
    with staff_signed_in(portal, "clerk") as clerk, staff_signed_in(portal, "supervisor") as supervisor:
        clerk_id, supervisor_id = staff_id(clerk), staff_id(supervisor)
        clerk_before = clerk.get("/v1/staff/drawer").json()
        all_before = supervisor.get("/v1/staff/drawer").json()
        assert clerk.post(f"/v1/staff/payments/{first}/cash", json={"tendered_cents": 1000}).status_code == 200
        assert (
            supervisor.post(f"/v1/staff/payments/{second}/cash", json={"tendered_cents": 500}).status_code
            == 200
        )
        clerk_after = clerk.get("/v1/staff/drawer").json()
        all_after = supervisor.get("/v1/staff/drawer").json()
        yesterday = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)).isoformat()
        earlier = clerk.get("/v1/staff/drawer", params={"date": yesterday}).json()
        bad_date = clerk.get("/v1/staff/drawer", params={"date": "31/12/2026"})

    def row(drawer: dict[str, Any], staff: str) -> dict[str, int]:
        rows: dict[str, dict[str, int]] = {item["staff_id"]: item for item in drawer["clerks"]}
        return rows.get(staff, {"payments": 0, "cash_cents": 0, "tendered_cents": 0, "change_cents": 0})

    assert {item["staff_id"] for item in clerk_after["clerks"]} == {clerk_id}
    mine_before, mine_after = row(clerk_before, clerk_id), row(clerk_after, clerk_id)
    assert mine_after["payments"] == mine_before["payments"] + 1
    assert mine_after["cash_cents"] == mine_before["cash_cents"] + 500
    assert mine_after["tendered_cents"] == mine_before["tendered_cents"] + 1000
    assert mine_after["change_cents"] == mine_before["change_cents"] + 500
    assert row(all_after, supervisor_id)["cash_cents"] == row(all_before, supervisor_id)["cash_cents"] + 500
    assert row(all_after, clerk_id) == mine_after
    assert all_after["cash_cents"] == all_before["cash_cents"] + 1000
    assert earlier["clerks"] == []
    assert earlier["cash_cents"] == 0
    assert bad_date.status_code == 422
    assert bad_date.json()["errors"][0]["field"] == "date"


# --- a simulated day ------------------------------------------------------------------------------------------


def at(clock: str, day: dt.date) -> dt.datetime:
    hours, minutes = (int(part) for part in clock.split(":"))
    return dt.datetime.combine(day, dt.time(hours, minutes), tzinfo=dt.UTC)


STORIES = [
    # category at the end, final status, events: kind time [desk=] [by=] [service=] [in=category then]
    ("A", "done", "arrive 09:00 | call 09:05 desk=1 by=clerk"
     " | done 09:15 desk=1 by=clerk service=CRIMINAL-RECORD"),
    ("A", "done", "arrive 09:01 | call 09:11 desk=2 by=supervisor"
     " | done 09:14 desk=2 by=supervisor service=TAX-STATUS"),
    ("A", "no_show", "arrive 09:02 | call 09:20 desk=2 by=supervisor | no_show 09:22 desk=2 by=supervisor"),
    ("A", "waiting", "arrive 09:30"),
    ("P", "done", "arrive 09:03 | call 09:04 desk=1 by=clerk | park 09:10 desk=1 by=clerk"
     " | recall 09:20 desk=1 by=clerk | done 09:25 desk=1 by=clerk service=HEALTH-NUMBER"),
    ("C", "done", "arrive 10:00 in=B | call 10:10 desk=2 by=supervisor in=B | transfer 10:12 by=supervisor"
     " | call 10:30 desk=3 by=supervisor | done 10:40 desk=3 by=supervisor service=TAX-STATUS"),
]  # fmt: skip
"""Waiting (first call - arrival): 300, 600, 1080, -, 60, 600 s. Serving (done - last call): 600, 180, -, -,
1260 (parked time included, as the queue counts it), 600 s."""


def simulated_day(day: dt.date, staff: dict[str, str]) -> list[object]:
    """The tickets of STORIES and their events, written as the queue writes them."""
    rows: list[object] = []
    for sequence, (category, status, story) in enumerate(STORIES, start=1):
        ticket_id = secrets.token_hex(8)
        events = [step.split() for step in story.split(" | ")]
        rows.append(
            Ticket(
                id=ticket_id,
                branch_code="demo",
                category_code=category,
                day=day.isoformat(),
                sequence=sequence,
                number=f"{category}{sequence:03d}",
                status=status,
                priority=category == "P",
                issued_by="simulated-kiosk",
                arrived_at=at(events[0][1], day),
            )
        )
        for kind, clock, *options in events:
            extra = dict(option.split("=") for option in options)
            rows.append(
                TicketEvent(
                    ticket_id=ticket_id,
                    branch_code="demo",
                    kind=kind,
                    category_code=extra.get("in", category),
                    desk_code=extra.get("desk"),
                    staff_id=staff[extra["by"]] if "by" in extra else None,
                    service=extra.get("service"),
                    at=at(clock, day),
                )
            )
    return rows


def write_rows(database_url: str, rows: list[object]) -> None:
    async def write() -> None:
        engine = create_engine(database_url)
        try:
            async with session_factory(engine)() as session, session.begin():
                tickets = [row for row in rows if isinstance(row, Ticket)]
                session.add_all(tickets)
                await session.flush()
                session.add_all([row for row in rows if not isinstance(row, Ticket)])
        finally:
            await engine.dispose()

    asyncio.run(write())


def test_day_statistics_of_a_simulated_day(portal: RunningPortal) -> None:
    day = dt.date(2026, 1, 15)
    with staff_signed_in(portal, "clerk") as clerk, staff_signed_in(portal, "supervisor") as supervisor:
        clerk_id, supervisor_id = staff_id(clerk), staff_id(supervisor)
        write_rows(portal.database_url, simulated_day(day, {"clerk": clerk_id, "supervisor": supervisor_id}))
        stats = clerk.get("/v1/staff/day-stats", params={"date": day.isoformat()}).json()
        in_portuguese = clerk.get(
            "/v1/staff/day-stats", params={"date": day.isoformat()}, headers={"Accept-Language": "pt"}
        ).json()
        quiet_day = clerk.get("/v1/staff/day-stats", params={"date": "2026-01-16"}).json()
        from_kiosk = httpx.get(
            f"{portal.url}/v1/staff/day-stats", headers={"Authorization": f"Bearer {portal.kiosk_token}"}
        )
    assert stats["date"] == "2026-01-15"
    assert stats["branch"] == "demo"
    tickets = stats["tickets"]
    assert tickets["issued"] == 6
    # Waiting: 60, 300, 600, 600, 1080 -> median 600, p90 (nearest rank 5 of 5) 1080.
    assert tickets["waiting"] == {"count": 5, "median_seconds": 600, "p90_seconds": 1080}
    # Serving: 180, 600, 600, 1260 -> median 600, p90 (rank 4 of 4) 1260; the no-show is not serving time.
    assert tickets["serving"] == {"count": 4, "median_seconds": 600, "p90_seconds": 1260}
    by_category = {row["category"]: row for row in tickets["by_category"]}
    assert [row["category"] for row in tickets["by_category"]][:1] == ["A"]
    assert by_category["A"]["issued"] == 4
    assert by_category["A"]["outcomes"] == {"done": 2, "no_show": 1, "waiting": 1, "called": 0, "parked": 0}
    assert by_category["A"]["waiting"] == {"count": 3, "median_seconds": 600, "p90_seconds": 1080}
    assert by_category["A"]["serving"] == {"count": 2, "median_seconds": 390, "p90_seconds": 600}
    assert by_category["P"]["serving"] == {"count": 1, "median_seconds": 1260, "p90_seconds": 1260}
    assert by_category["C"]["outcomes"]["done"] == 1  # counted where the transfer took it
    assert by_category["B"]["issued"] == 0
    services = {row["service_code"]: row["done_at_desks"] for row in stats["services"]}
    assert services == {"CRIMINAL-RECORD": 1, "TAX-STATUS": 2, "HEALTH-NUMBER": 1}
    clerks = {row["staff_id"]: row for row in stats["clerks"]}
    assert clerks[clerk_id]["name"] == "Ana Balcão"
    assert clerks[clerk_id]["tickets_done"] == 2
    assert clerks[clerk_id]["serving"] == {"count": 2, "median_seconds": 930, "p90_seconds": 1260}
    assert clerks[supervisor_id]["serving"] == {"count": 2, "median_seconds": 390, "p90_seconds": 600}
    desks = {row["desk"]: (row["tickets_done"], row["serving"]["median_seconds"]) for row in stats["desks"]}
    assert desks == {"1": (2, 930), "2": (1, 180), "3": (1, 600)}
    assert stats["fees"] == []
    assert stats["fees_total_cents"] == 0
    names = {row["category"]: row["name"] for row in in_portuguese["tickets"]["by_category"]}
    english = {row["category"]: row["name"] for row in tickets["by_category"]}
    assert names["A"] != english["A"]
    assert quiet_day["tickets"]["issued"] == 0
    assert quiet_day["tickets"]["waiting"] == {"count": 0, "median_seconds": None, "p90_seconds": None}
    assert from_kiosk.status_code == 403


def test_fees_of_the_day_by_payment_method(portal: RunningPortal) -> None:
    today = dt.datetime.now(dt.UTC).date().isoformat()
    payment = owed_payment(portal)
    with staff_signed_in(portal, "clerk") as clerk:
        before = clerk.get("/v1/staff/day-stats", params={"date": today}).json()
        assert clerk.post(f"/v1/staff/payments/{payment}/cash", json={"tendered_cents": 500}).status_code == 200
        after = clerk.get("/v1/staff/day-stats", params={"date": today}).json()

    def cash(stats: dict[str, object]) -> tuple[int, int]:
        rows = {row["method"]: row for row in stats["fees"]}  # type: ignore[attr-defined]
        row = rows.get("cash", {"payments": 0, "amount_cents": 0})
        return row["payments"], row["amount_cents"]

    assert cash(after) == (cash(before)[0] + 1, cash(before)[1] + 500)
    assert after["fees_total_cents"] == before["fees_total_cents"] + 500


def test_history_lookups_are_limited_per_clerk(tmp_path: Path) -> None:
    running = start_portal(f"sqlite:///{tmp_path / 'limits.db'}", tmp_path, "--login-rate-per-minute", "3")
    try:
        with staff_signed_in(running, "clerk") as clerk, staff_signed_in(running, "supervisor") as supervisor:
            body = {"document_number": "12345678 9 ZZ1", "purpose": "identity_check"}
            if time.time() % 60 > 50:  # the four lookups must fall in one minute, as the limit counts them
                time.sleep(61 - time.time() % 60)
            answers = [clerk.post("/v1/staff/citizens/history", json=body).status_code for _ in range(4)]
            other_clerk = supervisor.post("/v1/staff/citizens/history", json=body)
    finally:
        stop_portal(running)
    assert answers == [200, 200, 200, 429]
    assert other_clerk.status_code == 200


def test_two_counters_taking_the_same_cash_charge_it_once(portal: RunningPortal) -> None:
    payment = owed_payment(portal)
    with staff_signed_in(portal, "clerk") as clerk:
        before = clerk.get("/v1/staff/drawer").json()

        def take() -> httpx.Response:
            with portal.client(portal.counter_token) as counter:
                counter.headers["X-Session-Token"] = clerk.headers["X-Session-Token"]
                return counter.post(f"/v1/staff/payments/{payment}/cash", json={"tendered_cents": 1000})

        with ThreadPoolExecutor(max_workers=6) as pool:
            answers = list(pool.map(lambda _: take(), range(6)))
        after = clerk.get("/v1/staff/drawer").json()
    statuses = sorted(answer.status_code for answer in answers)
    # 503 is the portal's "nothing was saved, send it again" when the database made a writer wait too long.
    assert set(statuses) <= {200, 503}, [answer.json() for answer in answers]
    assert statuses.count(200) >= 1
    codes = [
        answer.json()["application"]["documents"][0]["access_code"] for answer in answers if answer.is_success
    ]
    assert sum(1 for code in codes if code) == 1  # issued once, so shown once
    assert after["payments"] == before["payments"] + 1
    assert after["cash_cents"] == before["cash_cents"] + 500
