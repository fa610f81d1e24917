"""Issue 15, item 5, the portal's half: a terminal reports each card read and the portal audits it once.

POST /v1/audit/card-reads against the real portal under uvicorn, on SQLite and on PostgreSQL: the event names
the device, what was read and when (and the person only through a session), never anything from the card;
a retry or a burst of the same report is recorded once; only kiosks and counters may report.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from portal.content.demo_people import DEMO_DISPLAY_TOKEN, DEMO_OPEN311_API_KEY, DEMO_PEOPLE
from tests.portal.conftest import RunningPortal, idempotency_key
from tests.portal.sessions import signed_in, staff_signed_in
from tests.portal.test_hardening_trust import audit_events, query

PATH = "/v1/audit/card-reads"


def a_moment_ago() -> dt.datetime:
    """A read time no other test uses: the events of one test are found by it."""
    return dt.datetime.now(dt.UTC) - dt.timedelta(
        seconds=random.randint(10, 3000), microseconds=random.randint(1, 10**6 - 1)
    )


def report(client: httpx.Client, key: str, what: list[str], read_at: dt.datetime | str) -> httpx.Response:
    moment = read_at if isinstance(read_at, str) else read_at.isoformat()
    return client.post(PATH, json={"what": what, "read_at": moment}, headers={"Idempotency-Key": key})


def card_read_rows(database_url: str) -> list[dict[str, Any]]:
    """The card.read events as stored, read from the portal's database directly."""
    from sqlalchemy import select

    from portal.db import create_engine
    from portal.models import AuditEvent

    async def run() -> list[dict[str, Any]]:
        engine = create_engine(database_url)
        try:
            async with engine.connect() as connection:
                rows = await connection.execute(select(AuditEvent).where(AuditEvent.action == "card.read"))
                return [dict(row._mapping) for row in rows]
        finally:
            await engine.dispose()

    return asyncio.run(run())


def card_reads_at(portal: RunningPortal, read_at: dt.datetime) -> list[dict[str, Any]]:
    return [row for row in card_read_rows(portal.database_url) if row["at"] == read_at]


def test_a_kiosk_card_read_is_audited_with_the_device_what_and_when(portal: RunningPortal) -> None:
    read_at = a_moment_ago()
    with portal.kiosk() as client:
        response = report(client, idempotency_key(), ["photo", "identity"], read_at)
    assert response.status_code == 201, response.text
    assert response.json() == {"what": ["identity", "photo"], "read_at": read_at.isoformat()}
    # As a supervisor reads it at a counter.
    [event] = [
        event
        for event in audit_events(portal)
        if event["action"] == "card.read" and dt.datetime.fromisoformat(event["at"]) == read_at
    ]
    assert event["actor"].startswith("device:")
    assert event["device_id"] == event["actor"].removeprefix("device:")
    assert event["channel"] == "kiosk"
    assert event["object_ref"] == "identity,photo"
    assert event["purpose"] == "shown to the card holder at the terminal"
    assert event["subject_person_id"] is None
    assert event["staff_id"] is None


def test_a_read_reported_in_another_zone_is_recorded_at_the_same_instant(portal: RunningPortal) -> None:
    read_at = a_moment_ago()
    lisbon_summer = read_at.astimezone(dt.timezone(dt.timedelta(hours=1)))
    with portal.kiosk() as client:
        response = report(client, idempotency_key(), ["address"], lisbon_summer)
    assert response.status_code == 201, response.text
    assert response.json()["read_at"] == read_at.isoformat()
    assert len(card_reads_at(portal, read_at)) == 1


def test_a_retry_is_recorded_once_and_gets_the_first_answer(portal: RunningPortal) -> None:
    read_at, key = a_moment_ago(), idempotency_key()
    with portal.kiosk() as client:
        first = report(client, key, ["identity"], read_at)
        again = report(client, key, ["identity"], read_at)
        other = report(client, key, ["identity", "address"], read_at)
    assert first.status_code == 201, first.text
    assert again.status_code == 201
    assert again.content == first.content
    assert other.status_code == 409, "the key of another report"
    assert other.headers["content-type"] == "application/problem+json"
    assert len(card_reads_at(portal, read_at)) == 1


def test_a_burst_of_the_same_report_from_many_connections_is_recorded_once(portal: RunningPortal) -> None:
    read_at, key = a_moment_ago(), idempotency_key()

    def send(_: int) -> int:
        with portal.kiosk() as client:
            return report(client, key, ["identity", "photo"], read_at).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(send, range(16)))
    assert statuses == [201] * 16
    assert len(card_reads_at(portal, read_at)) == 1


def test_a_signed_in_citizen_is_named_by_their_session_and_a_later_retry_without_it_is_the_same(
    portal: RunningPortal,
) -> None:
    read_at, key = a_moment_ago(), idempotency_key()
    with signed_in(portal, "joao") as client:
        response = report(client, key, ["address"], read_at)
        assert response.status_code == 201, response.text
        assert client.delete("/v1/auth/session").status_code in (200, 204)
    with portal.kiosk() as client:
        # The session has ended: the kiosk's outbox sends the report again without it.
        retry = report(client, key, ["address"], read_at)
    assert retry.status_code == 201, retry.text
    [event] = card_reads_at(portal, read_at)
    assert event["actor"].startswith("citizen:")
    assert event["subject_person_id"] == event["actor"].removeprefix("citizen:")
    assert event["object_ref"] == "address"


def test_a_counter_may_report_and_the_clerk_signed_in_there_is_recorded(portal: RunningPortal) -> None:
    read_at = a_moment_ago()
    with staff_signed_in(portal, "clerk") as clerk:
        me = clerk.get("/v1/staff/me")
        assert me.status_code == 200, me.text
        # The counter reads the citizen's card while the clerk serves them: the report carries no session.
        with portal.client(portal.counter_token) as client:
            response = report(client, idempotency_key(), ["identity"], read_at)
    assert response.status_code == 201, response.text
    [event] = card_reads_at(portal, read_at)
    assert event["channel"] == "counter"
    assert event["actor"] == f"device:{event['device_id']}"
    assert event["staff_id"] == me.json()["staff_id"]  # the newest clerk session at that counter


@pytest.mark.parametrize("token", [DEMO_DISPLAY_TOKEN, DEMO_OPEN311_API_KEY], ids=["display", "open311"])
def test_a_display_or_an_open311_client_may_not_report(portal: RunningPortal, token: str) -> None:
    read_at = a_moment_ago()
    with portal.client(token) as client:
        response = report(client, idempotency_key(), ["identity"], read_at)
    assert response.status_code == 403, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert card_reads_at(portal, read_at) == []


def test_without_a_device_credential_nothing_is_recorded(portal: RunningPortal) -> None:
    read_at = a_moment_ago()
    with portal.client() as client:
        response = report(client, idempotency_key(), ["identity"], read_at)
    assert response.status_code == 401
    assert card_reads_at(portal, read_at) == []


def now_plus(**delta: float) -> str:
    return (dt.datetime.now(dt.UTC) + dt.timedelta(**delta)).isoformat()


BAD_REPORTS = [
    pytest.param({"what": [], "read_at": now_plus()}, "what", id="nothing-read"),
    pytest.param({"what": ["fingerprint"], "read_at": now_plus()}, "what.0", id="unknown-kind"),
    pytest.param({"what": ["identity"] * 4, "read_at": now_plus()}, "what", id="too-many"),
    pytest.param({"what": ["identity"], "read_at": "2026-05-01T10:00:00"}, "read_at", id="no-zone"),
    pytest.param({"what": ["identity"], "read_at": "yesterday"}, "read_at", id="not-a-time"),
    pytest.param({"what": ["identity"], "read_at": now_plus(hours=1)}, "read_at", id="ahead-of-the-clock"),
    pytest.param({"what": ["identity"], "read_at": now_plus(days=-8)}, "read_at", id="beyond-the-retry-window"),
    pytest.param({"what": ["identity"], "read_at": "0001-01-01T00:00:00+01:00"}, "read_at", id="year-one"),
    pytest.param({"what": ["identity"], "read_at": "9999-12-31T23:59:59-23:59"}, "read_at", id="year-9999"),
    pytest.param({"what": ["ident\x00ity"], "read_at": now_plus()}, "what.0", id="nul"),
    pytest.param(
        {"what": ["identity"], "read_at": now_plus(), "document_number": "12345678"},
        "document_number",
        id="card-data-refused",
    ),
]


@pytest.mark.parametrize(("body", "field"), BAD_REPORTS)
def test_a_bad_report_is_a_422_naming_the_field_and_records_nothing(
    portal: RunningPortal, body: dict[str, Any], field: str
) -> None:
    before = len(card_read_rows(portal.database_url))
    with portal.kiosk() as client:
        response = client.post(PATH, json=body, headers={"Idempotency-Key": idempotency_key()})
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    errors = response.json()["errors"]
    assert [error["field"] for error in errors] == [field]
    assert all(error["message"] for error in errors)
    assert len(card_read_rows(portal.database_url)) == before


@pytest.mark.parametrize("key", [None, "short", "a key with spaces"], ids=["missing", "short", "spaces"])
def test_a_report_needs_a_usable_idempotency_key(portal: RunningPortal, key: str | None) -> None:
    headers = {"Idempotency-Key": key} if key else {}
    with portal.kiosk() as client:
        response = client.post(PATH, json={"what": ["identity"], "read_at": now_plus()}, headers=headers)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"


def test_the_audit_rows_hold_no_name_tax_number_or_document_number(portal: RunningPortal) -> None:
    read_at = a_moment_ago()
    for person in DEMO_PEOPLE[:2]:
        with signed_in(portal, person.key) as client:
            assert (
                report(client, idempotency_key(), ["identity", "photo", "address"], read_at).status_code == 201
            )
    rows = repr(query(portal.database_url, "SELECT * FROM audit_events"))
    assert "card.read" in rows
    for person in DEMO_PEOPLE:
        for personal in (person.civil_id, person.tax_id, person.given_names, person.surname):
            if personal:
                assert personal not in rows, f"{personal!r} is in the audit trail"
        for word in (*person.given_names.split(), *person.surname.split()):
            if len(word) > 3:
                assert word not in rows, f"{word!r} is in the audit trail"
