"""Crashes in the middle of a stream of submissions (the portal killed, the database's connections dropped):
each submission lands exactly once."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from pathlib import Path

import asyncpg
import httpx
import pytest

from kiosk.client.portal import PortalClient
from tests.portal.conftest import (
    RunningPortal,
    fresh_postgres_database,
    idempotency_key,
    start_portal,
    stop_portal,
)

SUBMISSIONS = 30


def test_every_submission_lands_exactly_once_across_a_crash(tmp_path: Path) -> None:
    database = tmp_path / "crash.db"
    url = f"sqlite:///{database}"
    first = start_portal(url, tmp_path)
    port = int(first.url.rsplit(":", 1)[1])
    answers: dict[str, str] = {}
    attempts = 0

    def stream() -> None:
        nonlocal attempts
        # The way a kiosk must retry: same key, same body, until a definite answer.
        with httpx.Client(
            base_url=first.url, headers={"Authorization": f"Bearer {first.kiosk_token}"}
        ) as client:
            for index in range(SUBMISSIONS):
                key = idempotency_key()
                body = {
                    "service_code": "REPORT-PROBLEM",
                    "answers": {"category": "litter", "location": f"Rua da Prata {index + 1}"},
                }
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline:
                    attempts += 1
                    try:
                        response = client.post(
                            "/v1/applications", json=body, headers={"Idempotency-Key": key}, timeout=5
                        )
                    except httpx.HTTPError:
                        time.sleep(0.2)
                        continue
                    if response.status_code == 201:
                        answers[key] = response.json()["reference"]
                        break
                    time.sleep(0.2)
                time.sleep(0.05)

    sender = threading.Thread(target=stream)
    sender.start()
    while len(answers) < SUBMISSIONS // 3:
        time.sleep(0.05)
    first.process.kill()  # no graceful shutdown: the worst case for in-flight requests
    first.process.wait()
    second = start_portal(url, tmp_path, port=port)
    try:
        sender.join(timeout=120)
    finally:
        stop_portal(second)
    assert not sender.is_alive()
    assert len(answers) == SUBMISSIONS
    assert attempts > SUBMISSIONS, "the crash should have forced at least one retry"
    with sqlite3.connect(database) as connection:
        stored = connection.execute(
            "SELECT reference FROM applications WHERE service_code = 'REPORT-PROBLEM'"
            # The demo data's own waiting applications (portal/demo_applications.py) are not this test's.
            " AND reference NOT LIKE 'DEMO-%'"
        ).fetchall()
    assert sorted(row[0] for row in stored) == sorted(answers.values())


@pytest.mark.postgres
def test_dropped_database_connections_cost_a_retry_never_a_submission(tmp_path: Path) -> None:
    """PostgreSQL restarts (here: every portal connection killed) between two submissions from a kiosk."""
    with fresh_postgres_database() as url:
        running = start_portal(url, tmp_path)
        try:
            asyncio.run(_drop_connections_between_submissions(running))
            statuses = _statuses_after_drop(running)
            with running.kiosk() as client:
                listed = client.get("/v1/catalog/services")
        finally:
            stop_portal(running)
        references = asyncio.run(_stored_references(url))
    # Straight after the drop, a request may meet a dead connection: it gets a 503 to retry, never a 500.
    assert set(statuses) <= {201, 503}, statuses
    assert statuses[-4:] == [201] * 4, "fresh connections must serve every later request"
    assert listed.status_code == 200
    assert len(references) == len(set(references)) == 2 + statuses.count(201)


async def _drop_connections_between_submissions(running: RunningPortal) -> None:
    """The kiosk's own client, which retries a 503 with the same key: both submissions land once each."""
    client = PortalClient(running.url, running.kiosk_token)
    try:
        body = {"category": "litter", "location": "Rua Augusta 1"}
        first = await client.submit("REPORT-PROBLEM", body, idempotency_key=idempotency_key(), language="en")
        await _kill_portal_connections(running.database_url)
        second = await client.submit("REPORT-PROBLEM", body, idempotency_key=idempotency_key(), language="en")
    finally:
        await client.aclose()
    assert first.reference != second.reference


def _statuses_after_drop(running: RunningPortal) -> list[int]:
    asyncio.run(_kill_portal_connections(running.database_url))
    statuses = []
    with running.kiosk() as client:
        for index in range(8):
            answers = {"category": "litter", "location": f"Rua {index}"}
            body = {"service_code": "REPORT-PROBLEM", "answers": answers}
            key = {"Idempotency-Key": idempotency_key()}
            response = client.post("/v1/applications", json=body, headers=key)
            if response.status_code == 503:
                assert response.headers["Retry-After"] == "1"
                assert response.json()["type"].endswith("/unavailable")
            statuses.append(response.status_code)
    return statuses


async def _kill_portal_connections(database_url: str) -> None:
    connection = await asyncpg.connect(database_url)
    try:
        killed = await connection.fetchval(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    finally:
        await connection.close()
    assert killed >= 1, "the portal should have held a pooled connection"


async def _stored_references(database_url: str) -> list[str]:
    connection = await asyncpg.connect(database_url)
    try:
        rows = await connection.fetch(
            "SELECT reference FROM applications WHERE service_code = 'REPORT-PROBLEM'"
            # The demo data's own waiting applications (portal/demo_applications.py) are not this test's.
            " AND reference NOT LIKE 'DEMO-%'"
        )
    finally:
        await connection.close()
    return [row["reference"] for row in rows]
