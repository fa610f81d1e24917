"""Signing in from tests: the emulated card answers the portal's challenge; staff use the demo accounts."""

from __future__ import annotations

import base64
import contextlib
from collections.abc import Iterator

import httpx

from portal.content.demo_people import DEMO_STAFF
from tests.portal.conftest import RunningPortal


def card_answer(citizen: str, challenge: bytes) -> dict[str, object]:
    """What the kiosk sends after the emulated card signed the challenge with its authentication key."""
    from kiosk.card.session import CardSession
    from kiosk.card.simulated import SimulatedReader

    reader = SimulatedReader()
    reader.insert(citizen)
    session = CardSession.open(reader.transport())
    try:
        from kiosk.card.emulator.citizens import find_citizen

        pin = bytearray(find_citizen(citizen).pin("authentication").encode())
        result = session.authenticate(challenge, pin)
    finally:
        session.close()
    return {
        "signature": base64.b64encode(result.signature).decode(),
        "algorithm": result.algorithm,
        "certificate_chain": [base64.b64encode(item).decode() for item in result.certificate_chain],
    }


def challenge(client: httpx.Client) -> dict[str, str]:
    response = client.post("/v1/auth/citizen/challenge")
    assert response.status_code == 201, response.text
    return response.json()


def citizen_login(client: httpx.Client, citizen: str) -> httpx.Response:
    issued = challenge(client)
    answer = card_answer(citizen, base64.b64decode(issued["challenge"]))
    return client.post("/v1/auth/citizen/session", json={"challenge_id": issued["challenge_id"], **answer})


@contextlib.contextmanager
def signed_in(portal: RunningPortal, citizen: str, token: str | None = None) -> Iterator[httpx.Client]:
    with portal.client(token or portal.kiosk_token) as client:
        response = citizen_login(client, citizen)
        assert response.status_code == 201, response.text
        client.headers["X-Session-Token"] = response.json()["session_token"]
        yield client


@contextlib.contextmanager
def staff_signed_in(portal: RunningPortal, role: str) -> Iterator[httpx.Client]:
    username, _, _, password = next(entry for entry in DEMO_STAFF if entry[2] == role)
    with portal.client(portal.counter_token) as client:
        response = client.post("/v1/auth/staff/session", json={"username": username, "password": password})
        assert response.status_code == 201, response.text
        client.headers["X-Session-Token"] = response.json()["session_token"]
        yield client
