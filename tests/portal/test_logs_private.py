"""No personal data in the logs, even when every statement fails: the routes are driven with a NIF, an address,
a name, an email, a phone number, a typed user name and an access code while the database refuses every write,
and neither the portal's loggers (caplog) nor uvicorn's error and access logs hold any of them.

The real portal runs under a real uvicorn on loopback, in a thread of this process so that caplog sees every
record it logs, on SQLite and on PostgreSQL. The database is broken with triggers that refuse every INSERT,
UPDATE and DELETE: SQLAlchemy then raised errors whose text quoted the statement's parameters.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import secrets
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from portal.app import create_served_app
from portal.checkdigits import nif_with_check_digit
from portal.content.demo_people import DEMO_COUNTER_TOKEN, DEMO_OPEN311_API_KEY, DEMO_STAFF
from portal.db import sync_database_url
from portal.settings import PortalSettings
from tests.portal.conftest import BACKENDS, REPO, database, free_port, idempotency_key, portal_command
from tests.portal.sessions import card_answer

REFUSAL = "refused by the privacy test"


def new_nif() -> str:
    return nif_with_check_digit("2" + f"{secrets.randbelow(10**7):07d}")


class Personal:
    """Values that belong to a person, made up for this run so that finding one anywhere is proof of a leak."""

    def __init__(self) -> None:
        tag = secrets.token_hex(3)
        self.nif = new_nif()
        self.partner_nif = new_nif()
        self.street = f"Travessa do Esconderijo {tag} 77"
        self.name = f"Zeferina Quintela {tag}"
        self.email = f"zeferina.{tag}@example.pt"
        self.phone = f"91{secrets.randbelow(10**7):07d}"
        self.username = f"zeferina.{tag}"
        self.access_code = f"K7Q{tag.upper()}"

    def values(self) -> dict[str, str]:
        return dict(vars(self))


def _install_refusals(database_url: str) -> None:
    """Every table refuses every write from now on (the reads still work)."""
    url = sync_database_url(database_url)
    if url.startswith("sqlite"):
        import sqlite3

        connection = sqlite3.connect(url.removeprefix("sqlite:///"))
        try:
            tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")]
            for table in tables:
                for event in ("INSERT", "UPDATE", "DELETE"):
                    connection.execute(
                        f'CREATE TRIGGER "refuse_{event}_{table}" BEFORE {event} ON "{table}" '
                        f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
                    )
            connection.commit()
        finally:
            connection.close()
        return

    async def on_postgres() -> None:
        import asyncpg

        connection = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
        try:
            await connection.execute(
                "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
                f"$$ BEGIN RAISE EXCEPTION '{REFUSAL}'; END $$"
            )
            tables = await connection.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            for row in tables:
                await connection.execute(
                    f'CREATE TRIGGER refuse BEFORE INSERT OR UPDATE OR DELETE ON "{row[0]}" '
                    "FOR EACH ROW EXECUTE FUNCTION refuse()"
                )
        finally:
            await connection.close()

    asyncio.run(on_postgres())


class ThreadedPortal:
    """The served application under uvicorn, in a thread of the test process, logging through the root."""

    def __init__(self, database_url: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        settings = PortalSettings(database_url=database_url, demo=True, login_rate_per_minute=100000)
        config = uvicorn.Config(
            create_served_app(settings),
            host="127.0.0.1",
            port=self.port,
            log_config=None,  # uvicorn's loggers propagate to the root, where caplog listens
            log_level="info",
            access_log=True,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> ThreadedPortal:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)


@pytest.fixture(params=BACKENDS)
def prepared(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A migrated demo database of each backend and its kiosk credential."""
    with database(request.param, tmp_path) as url:
        token_file = tmp_path / "kiosk-token"
        command = portal_command("seed-demo", "--db", url, "--token-file", str(token_file))
        subprocess.run(command, cwd=REPO, check=True, capture_output=True, timeout=120)
        yield url, token_file.read_text().strip()


def staff_login(url: str, role: str) -> httpx.Client:
    username, _, _, password = next(entry for entry in DEMO_STAFF if entry[2] == role)
    client = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {DEMO_COUNTER_TOKEN}"}, timeout=15)
    response = client.post("/v1/auth/staff/session", json={"username": username, "password": password})
    assert response.status_code == 201, response.text
    client.headers["X-Session-Token"] = response.json()["session_token"]
    return client


def citizen_login(url: str, kiosk_token: str) -> httpx.Client:
    client = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {kiosk_token}"}, timeout=15)
    issued = client.post("/v1/auth/citizen/challenge").json()
    answer = card_answer("maria", base64.b64decode(issued["challenge"]))
    response = client.post("/v1/auth/citizen/session", json={"challenge_id": issued["challenge_id"], **answer})
    assert response.status_code == 201, response.text
    client.headers["X-Session-Token"] = response.json()["session_token"]
    return client


def submit(client: httpx.Client, service: str, answers: dict[str, Any]) -> httpx.Response:
    body = {"service_code": service, "answers": answers}
    return client.post("/v1/applications", json=body, headers={"Idempotency-Key": idempotency_key()})


def test_no_personal_data_in_any_log_when_the_database_fails(
    prepared: tuple[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    database_url, kiosk_token = prepared
    person = Personal()
    caplog.set_level(logging.INFO)
    with ThreadedPortal(database_url) as portal:
        citizen = citizen_login(portal.url, kiosk_token)
        clerk = staff_login(portal.url, "clerk")
        supervisor = staff_login(portal.url, "supervisor")
        kiosk = httpx.Client(
            base_url=portal.url, headers={"Authorization": f"Bearer {kiosk_token}"}, timeout=15
        )
        # What the routes below act on, made while the database still takes writes.
        report = submit(kiosk, "REPORT-PROBLEM", {"category": "pothole", "location": "Rua Augusta 100"})
        statement = submit(citizen, "HEALTH-NUMBER", {})
        moving = submit(
            citizen,
            "ADDRESS-CHANGE",
            {
                "new_address": {"street": "Rua Nova 1", "postal_code": "1100-048", "locality": "Lisboa"},
                "moved_on": "2024-01-02",
            },
        )
        for made in (report, statement, moving):
            assert made.status_code == 201, made.text
        reference = report.json()["reference"]
        document_id = statement.json()["documents"][0]["id"]
        secrets_seen = [
            kiosk_token,
            DEMO_COUNTER_TOKEN,
            str(citizen.headers["X-Session-Token"]),
            str(clerk.headers["X-Session-Token"]),
            statement.json()["documents"][0]["access_code"],
        ]
        caplog.clear()

        _install_refusals(database_url)
        office = {"street": person.street, "postal_code": "1250-096", "locality": "Lisboa"}
        answers = [
            submit(
                citizen,
                "WATER-CONTRACT",
                {
                    "supply_address": office,
                    "holder_nif": person.nif,
                    "household_size": 2,
                    "paper_bill": False,
                    "email": person.email,
                },
            ),
            submit(citizen, "ADDRESS-CHANGE", {"new_address": office, "moved_on": "2024-01-02"}),
            submit(citizen, "CRIMINAL-RECORD", {"purpose": "employment", "employer_nif": person.partner_nif}),
            httpx.post(
                f"{portal.url}/open311/v2/requests.json",
                data={
                    "api_key": DEMO_OPEN311_API_KEY,
                    "service_code": "REPORT-PROBLEM",
                    "address_string": person.street,
                    "description": f"Reported by {person.name}",
                    "email": person.email,
                    "phone": person.phone,
                    "attribute[category]": "pothole",
                },
                timeout=15,
            ),
            httpx.post(
                f"{portal.url}/v1/auth/staff/session",
                json={"username": person.username, "password": "typed-password"},
                headers={"Authorization": f"Bearer {DEMO_COUNTER_TOKEN}"},
            ),
            clerk.post(f"/v1/applications/{reference}/status", json={"status": "closed", "note": person.name}),
            citizen.post(f"/v1/applications/{moving.json()['reference']}/confirm", json={"code": "AB12-CD34"}),
            kiosk.post("/v1/documents/status", json={"access_code": person.access_code}),
            supervisor.post(f"/v1/documents/{document_id}/revoke", json={"reason": f"asked by {person.name}"}),
            supervisor.get("/v1/audit", params={"person_id": "someone"}),
            citizen.get("/v1/applications"),
            citizen.get(f"/v1/applications/{moving.json()['reference']}"),
            kiosk.post("/v1/auth/citizen/challenge"),
            httpx.get(f"{portal.url}/v1/status/{reference}"),
            citizen.delete("/v1/auth/session"),
        ]
        for client in (citizen, clerk, supervisor, kiosk):
            client.close()
    # The database refused, and every client still got an answer in the API's own format.
    assert any(response.status_code >= 500 for response in answers)
    for response in answers:
        assert response.status_code >= 400, response.request.url
        assert "Traceback" not in response.text
    logged = caplog.text
    assert "unexpected error on POST /v1/applications" in logged, "the failures were logged for the operator"
    for what, value in person.values().items():
        assert value not in logged, f"the {what} of a person is in the log"
    for secret in secrets_seen:
        assert secret not in logged, "a credential or access code is in the log"
    assert REFUSAL not in logged, "the driver's message is withheld too"
    assert "message withheld" in logged
