"""Device rights: every /v1 route names the device kinds that may call it, and refuses every other kind.

The table of rights is read from the application itself (portal.deps.route_device_kinds), so a route added
later without rights fails here, and each refusal is checked against the running portal on both backends.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator

import httpx
import pytest

from portal.content.demo_people import DEMO_OPEN311_API_KEY
from portal.deps import DEVICE_KINDS, device_rights
from portal.openapi import standalone_app
from tests.portal.conftest import REPO, RunningPortal, idempotency_key, portal_command

PUBLIC = {"/v1/health", "/v1/trust-list", "/v1/status/{reference}"}
"""Routes that need no device at all: the phone's status page, the trust list, the health check."""


def v1_rights() -> dict[tuple[str, str], frozenset[str] | None]:
    rights = device_rights(standalone_app())  # no connection is opened to list the routes
    return {key: kinds for key, kinds in rights.items() if key[1].startswith("/v1/")}


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "x-1234", path)


@pytest.fixture(scope="module")
def tokens(portal: RunningPortal) -> Iterator[dict[str, str]]:
    """A credential of every kind: the demo kiosk, counter and Open311 client, and a display made here."""
    made = subprocess.run(
        portal_command(
            "create-device", "--db", portal.database_url, "--name", "Rights display", "--kind", "display"
        ),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    yield {
        "kiosk": portal.kiosk_token,
        "counter": portal.counter_token,
        "open311": DEMO_OPEN311_API_KEY,
        "display": made.stdout.strip(),
    }
    subprocess.run(
        portal_command("revoke-device", "--db", portal.database_url, "--name", "Rights display"),
        cwd=REPO,
        capture_output=True,
        timeout=60,
        check=False,
    )


def test_every_v1_route_names_its_device_kinds() -> None:
    rights = v1_rights()
    assert len(rights) >= 20
    unchecked = [key for key, kinds in rights.items() if key[1] not in PUBLIC and kinds is None]
    assert not unchecked, f"routes without device rights (use require_device or principal_on): {unchecked}"


def test_the_rights_table_gives_each_kind_only_its_own_routes() -> None:
    rights = v1_rights()
    # Open311 clients have the Open311 facade only; nothing on /v1 admits them (the issue: their key worked as
    # a full kiosk credential).
    assert all("open311" not in (kinds or ()) for kinds in rights.values())
    assert rights[("POST", "/v1/auth/staff/session")] == {"counter"}
    assert rights[("GET", "/v1/audit")] == {"counter"}
    assert rights[("POST", "/v1/applications")] == {"kiosk", "counter"}
    assert rights[("GET", "/v1/catalog/services")] == {"kiosk", "counter"}


def test_every_route_refuses_every_other_kind_with_403(portal: RunningPortal, tokens: dict[str, str]) -> None:
    checked = 0
    for (method, path), kinds in v1_rights().items():
        if kinds is None:
            continue
        for kind in DEVICE_KINDS:
            if kind in kinds:
                continue
            with portal.client(tokens[kind]) as client:
                # Twice: the second time the credential is in the worker's cache (and the catalog's fast path
                # answers cached credentials before the routes).
                for _ in range(2):
                    response = client.request(
                        method,
                        concrete(path),
                        json={} if method in {"POST", "PUT", "PATCH"} else None,
                        headers={"Idempotency-Key": idempotency_key()},
                    )
                    assert response.status_code == 403, (kind, method, path, response.text)
                    assert response.headers["content-type"].startswith("application/problem+json")
            checked += 1
    assert checked >= 30


def test_the_open311_key_is_no_kiosk_credential(portal: RunningPortal) -> None:
    with portal.client(DEMO_OPEN311_API_KEY) as client:
        assert client.post("/v1/auth/citizen/challenge").status_code == 403
        submitted = client.post(
            "/v1/applications",
            json={"service_code": "INFO-SHEET", "answers": {}},
            headers={"Idempotency-Key": idempotency_key()},
        )
        assert submitted.status_code == 403
        assert client.get("/v1/catalog/services").status_code == 403


def test_each_kind_still_does_its_own_work(portal: RunningPortal, tokens: dict[str, str]) -> None:
    with portal.client(tokens["kiosk"]) as kiosk:
        assert kiosk.get("/v1/catalog/services").status_code == 200
        assert kiosk.post("/v1/auth/citizen/challenge").status_code == 201
    with portal.client(tokens["counter"]) as counter:
        assert counter.get("/v1/catalog/life-events").status_code == 200
    with portal.client() as anyone:
        created = anyone.post(
            "/open311/v2/requests.json",
            data={
                "api_key": tokens["open311"],
                "service_code": "REPORT-PROBLEM",
                "attribute[category]": "street-light",
                "lat": "38.7139",
                "long": "-9.1394",
            },
        )
        assert created.status_code == 201, created.text


@pytest.mark.parametrize("kind", ["kiosk", "counter", "display"])
def test_only_an_open311_key_is_an_open311_api_key(
    portal: RunningPortal, tokens: dict[str, str], kind: str
) -> None:
    response = httpx.post(
        f"{portal.url}/open311/v2/requests.json",
        data={
            "api_key": tokens[kind],
            "service_code": "REPORT-PROBLEM",
            "attribute[category]": "street-light",
            "lat": "38.7139",
            "long": "-9.1394",
        },
        timeout=10,
    )
    assert response.status_code == 403, response.text
    assert response.json()[0]["code"] == 403
