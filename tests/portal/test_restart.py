"""Kill the portal (SIGKILL) in the middle of a stream of submissions: each one lands exactly once."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import httpx

from tests.portal.conftest import idempotency_key, start_portal, stop_portal

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
        ).fetchall()
    assert sorted(row[0] for row in stored) == sorted(answers.values())
