"""Portal routes of citizen journeys II, on SQLite and PostgreSQL under uvicorn: the change of address counts
wrong confirmation codes and says how many tries remain."""

from __future__ import annotations

import subprocess

import httpx

from tests.portal.conftest import REPO, RunningPortal, idempotency_key, portal_command
from tests.portal.sessions import signed_in

NEW_ADDRESS = {"street": "Rua das Flores 12", "postal_code": "4050-262", "locality": "Porto"}


def submit(client: httpx.Client, service: str, answers: dict[str, object]) -> dict[str, object]:
    response = client.post(
        "/v1/applications",
        json={"service_code": service, "answers": answers},
        headers={"Idempotency-Key": idempotency_key()},
    )
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


def letter_code(portal: RunningPortal, reference: str) -> str:
    """The code printed in the letter, as `portal letters` lists it (the demo's letterbox)."""
    letters = subprocess.run(
        portal_command("letters", "--db", portal.database_url),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    line = next(line for line in letters.splitlines() if line.startswith(reference))
    return line.rsplit(" ", 1)[1]


def test_wrong_codes_are_counted_and_the_tries_left_said(portal: RunningPortal) -> None:
    with signed_in(portal, "joao") as citizen:
        created = submit(citizen, "ADDRESS-CHANGE", {"new_address": NEW_ADDRESS, "moved_on": "2024-01-02"})
        reference = str(created["reference"])
        code = letter_code(portal, reference)
        answers = [
            citizen.post(f"/v1/applications/{reference}/confirm", json={"code": "ZZZZ-ZZZZ"}) for _ in "123"
        ]
        right_too_late = citizen.post(f"/v1/applications/{reference}/confirm", json={"code": code})
        status = citizen.get(f"/v1/applications/{reference}").json()["status"]
    first, second, third = answers
    assert (first.status_code, first.json()["tries_left"]) == (422, 2)
    assert first.json()["errors"][0]["field"] == "code"
    assert "2" in first.json()["errors"][0]["message"]
    assert (second.status_code, second.json()["tries_left"]) == (422, 1)
    assert (third.status_code, third.json()["tries_left"]) == (409, 0)
    assert third.json()["type"].endswith("/confirmation-blocked")
    assert "counter" in third.json()["detail"]
    assert right_too_late.status_code == 409  # the letter's code is spent: a guesser gets three tries, no more
    assert status == "awaiting_confirmation"


def test_a_wrong_code_then_the_right_one_completes(portal: RunningPortal) -> None:
    with signed_in(
        portal,
        "joao",
    ) as citizen:
        reference = str(
            submit(citizen, "ADDRESS-CHANGE", {"new_address": NEW_ADDRESS, "moved_on": "2024-01-02"})[
                "reference"
            ]
        )
        wrong = citizen.post(f"/v1/applications/{reference}/confirm", json={"code": "ZZZZ-ZZZZ"})
        right = citizen.post(
            f"/v1/applications/{reference}/confirm", json={"code": letter_code(portal, reference)}
        )
    assert wrong.json()["tries_left"] == 2
    assert right.status_code == 200
    assert right.json()["status"] == "completed"
