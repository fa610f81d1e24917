"""A counter terminal's settings against the reference portal under uvicorn, and a kiosk that takes tickets."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from kiosk.config import Settings
from portal.content.demo_people import DEMO_COUNTER_TOKEN, DEMO_KIOSK_TOKEN, DEMO_STAFF
from tests.portal.conftest import RunningPortal, start_portal, stop_portal


def counter_settings_for(settings: Settings, portal_url: str, desk: str = "1") -> Settings:
    """The demo settings as a counter at ``desk``, talking to the running portal with the demo counter token."""
    return dataclasses.replace(
        settings,
        kiosk=dataclasses.replace(settings.kiosk, mode="counter", id=f"demo-counter-{desk}"),
        portal=dataclasses.replace(settings.portal, url=portal_url, device_token=DEMO_COUNTER_TOKEN),
        counter=dataclasses.replace(settings.counter, desk=desk),
    )


@pytest.fixture(scope="module")
def shared_portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningPortal]:
    """One reference portal under uvicorn per test module (it takes seconds to start); each test starts from
    an empty queue (counter_settings drains it). Every test signs clerks in: the sign-in limit has its own test.
    """
    folder = tmp_path_factory.mktemp("counter-portal")
    portal = start_portal(f"sqlite:///{folder / 'portal.db'}", folder, "--login-rate-per-minute", "100000")
    try:
        yield portal
    finally:
        stop_portal(portal)


@pytest.fixture
def counter_settings(demo_settings: Settings, shared_portal: RunningPortal) -> Settings:
    drain_queue(shared_portal.url)
    return counter_settings_for(demo_settings, shared_portal.url)


def staff_session(counter: httpx.Client, username: str) -> dict[str, str]:
    """A demo clerk or supervisor signed in on a counter's client (real HTTP): the header with the session."""
    password = next(password for name, _, _, password in DEMO_STAFF if name == username)
    login = counter.post("/v1/auth/staff/session", json={"username": username, "password": password})
    login.raise_for_status()
    return {"X-Session-Token": login.json()["session_token"]}


def drain_queue(portal_url: str) -> None:
    """Serve every waiting or parked ticket and close every call for help, from desk 6 (real HTTP)."""
    with httpx.Client(
        base_url=portal_url, headers={"Authorization": f"Bearer {DEMO_COUNTER_TOKEN}"}, timeout=10
    ) as client:
        staff = staff_session(client, "supervisor")
        for desk in ("1", "2", "3", "4", "5", "6"):
            serving = client.get(f"/v1/queue/desks/{desk}", headers=staff).json().get("serving")
            if serving:
                client.post(f"/v1/queue/tickets/{serving['id']}/done", headers=staff).raise_for_status()
        while True:
            called = client.post(
                "/v1/queue/desks/6/call-next", json={"categories": ["A", "B", "C", "P"]}, headers=staff
            )
            called.raise_for_status()
            if called.status_code == 204:
                break
            client.post(f"/v1/queue/tickets/{called.json()['id']}/done", headers=staff).raise_for_status()
        for request in client.get("/v1/queue/help", headers=staff).json():
            client.post(f"/v1/queue/help/{request['id']}/close", headers=staff).raise_for_status()
        client.delete("/v1/auth/session", headers=staff)


def take_ticket(portal_url: str, category: str) -> dict[str, Any]:
    """A ticket from the demo kiosk, as a citizen takes one on the attract screen (real HTTP)."""
    response = httpx.post(
        f"{portal_url}/v1/queue/tickets",
        json={"category": category},
        headers={"Authorization": f"Bearer {DEMO_KIOSK_TOKEN}", "Idempotency-Key": uuid.uuid4().hex},
        timeout=10,
    )
    response.raise_for_status()
    ticket: dict[str, Any] = response.json()
    return ticket


def ask_for_help(portal_url: str, screen: str) -> dict[str, Any]:
    """'Call a clerk' from the demo kiosk."""
    response = httpx.post(
        f"{portal_url}/v1/queue/help",
        json={"screen": screen},
        headers={"Authorization": f"Bearer {DEMO_KIOSK_TOKEN}"},
        timeout=10,
    )
    response.raise_for_status()
    request: dict[str, Any] = response.json()
    return request


async def issue_info_sheet(portal_url: str) -> tuple[str, str]:
    """A sealed document issued at the demo kiosk without a card (the info sheet): its seal text and id."""
    from kiosk.client import PortalClient

    kiosk = PortalClient(portal_url, DEMO_KIOSK_TOKEN)
    try:
        submission = await kiosk.submit("INFO-SHEET", {}, idempotency_key=uuid.uuid4().hex, language="en")
    finally:
        await kiosk.aclose()
    document = submission.documents[0]
    assert document.seal is not None
    return document.seal, document.id


async def report_from_the_kiosk(portal_url: str, where: str) -> str:
    """An application made at a kiosk without a card (a problem in a public place): it waits for staff."""
    from kiosk.client import PortalClient

    kiosk = PortalClient(portal_url, DEMO_KIOSK_TOKEN)
    try:
        submission = await kiosk.submit(
            "REPORT-PROBLEM",
            {"category": "pothole", "location": where},
            idempotency_key=uuid.uuid4().hex,
            language="en",
        )
    finally:
        await kiosk.aclose()
    return submission.reference
