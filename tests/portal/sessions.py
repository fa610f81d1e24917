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


def self_signed_login(client: httpx.Client, common_name: str, serial: str) -> httpx.Response:
    """A card login with a certificate no CA issued: made and signed here, with a name and serial number."""
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(x509.oid.NameOID.SERIAL_NUMBER, serial),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    builder = x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
    builder = builder.serial_number(7).not_valid_before(now - dt.timedelta(days=1))
    certificate = builder.not_valid_after(now + dt.timedelta(days=1)).sign(key, hashes.SHA256())
    der = certificate.public_bytes(serialization.Encoding.DER)
    issued = challenge(client)
    signature = key.sign(base64.b64decode(issued["challenge"]), ec.ECDSA(hashes.SHA256()))
    return client.post(
        "/v1/auth/citizen/session",
        json={
            "challenge_id": issued["challenge_id"],
            "signature": base64.b64encode(signature).decode(),
            "algorithm": "ecdsa-sha256",
            "certificate_chain": [base64.b64encode(der).decode()],
        },
    )


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
