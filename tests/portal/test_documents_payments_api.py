"""Seals, online status, revocation, payments, change of address and the audit trail, over HTTP."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx

from kiosk.seal import verify_seal
from tests.portal.conftest import (
    REPO,
    RunningPortal,
    idempotency_key,
    portal_command,
    start_portal,
    stop_portal,
)
from tests.portal.sessions import signed_in, staff_signed_in


def submit(client: httpx.Client, service: str, answers: dict[str, object]) -> dict[str, object]:
    response = client.post(
        "/v1/applications",
        json={"service_code": service, "answers": answers},
        headers={"Idempotency-Key": idempotency_key()},
    )
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


def test_issued_documents_carry_a_seal_that_verifies_against_the_trust_list(portal: RunningPortal) -> None:
    with signed_in(portal, "maria") as client:
        body = submit(client, "TAX-STATUS", {"purpose": "bank"})
        trust_list = httpx.get(f"{portal.url}/v1/trust-list").json()
    [document] = body["documents"]  # type: ignore[misc]
    verdict = verify_seal(document["seal"], trust_list)
    assert verdict.valid, verdict.detail
    assert verdict.document is not None
    assert verdict.document.doc_id == document["id"]
    assert verdict.document.holder == "Maria João Gonçalves Conceição"
    assert verdict.document.fields == document["fields"]
    tampered = verify_seal(document["seal"], {"keys": []})
    assert not tampered.valid


def test_status_by_access_code_and_revocation_by_a_supervisor(portal: RunningPortal) -> None:
    with signed_in(portal, "joao") as citizen:
        document = submit(citizen, "HEALTH-NUMBER", {})["documents"][0]  # type: ignore[index]
    revoke = f"/v1/documents/{document['id']}/revoke"
    reason = {"reason": "issued in error"}
    with (
        portal.kiosk() as kiosk,
        staff_signed_in(portal, "clerk") as clerk,
        staff_signed_in(portal, "supervisor") as supervisor,
    ):
        code = document["access_code"].lower().replace("-", " ")
        before = kiosk.post("/v1/documents/status", json={"access_code": code}).json()
        unknown = kiosk.post("/v1/documents/status", json={"access_code": "AAAA-BBBB-CCCC"}).json()
        by_clerk = clerk.post(revoke, json=reason)
        by_kiosk = kiosk.post(revoke, json=reason)
        revoked = supervisor.post(revoke, json=reason)
        after = kiosk.get(f"/v1/documents/{document['id']}/status").json()
    assert before["status"] == "valid"
    assert before["type"] == "health-number-statement"
    assert "holder" not in before
    assert unknown == {"status": "unknown", "type": None, "issued_at": None, "expires_at": None}
    assert by_clerk.status_code == 403
    assert by_kiosk.status_code == 403
    assert revoked.status_code == 200
    assert after["status"] == "revoked"


def test_cash_settlement_at_the_counter_issues_the_certificate(portal: RunningPortal) -> None:
    with signed_in(portal, "ines") as citizen:
        created = submit(citizen, "CRIMINAL-RECORD", {"purpose": "employment", "employer_nif": "500745749"})
        assert created["status"] == "awaiting_payment"
        payment = created["payment"]
        assert isinstance(payment, dict)
        from_kiosk_as_cash = citizen.post(f"/v1/payments/{payment['id']}/settle", json={"method": "cash"})
    with staff_signed_in(portal, "clerk") as clerk:
        found = clerk.get(
            "/v1/payments", params={"entity": payment["entity"], "reference": payment["reference"]}
        )
        settled = clerk.post(f"/v1/payments/{payment['id']}/settle", json={"method": "cash"})
        again = clerk.post(f"/v1/payments/{payment['id']}/settle", json={"method": "cash"})
    assert from_kiosk_as_cash.status_code == 403
    assert found.status_code == 200
    assert found.json()["amount_cents"] == 500
    assert settled.status_code == 200, settled.text
    body = settled.json()
    assert body["status"] == "completed"
    assert body["payment"]["status"] == "paid"
    assert body["payment"]["method"] == "cash"
    [document] = body["documents"]
    assert document["type"] == "criminal-record"
    assert document["access_code"]
    assert again.status_code == 200
    assert again.json()["documents"][0]["access_code"] is None


def test_kiosk_card_payment_completes_its_own_application_only(portal: RunningPortal) -> None:
    with signed_in(portal, "maria") as citizen:
        created = submit(citizen, "BIRTH-CERT", {"whose": "self", "purpose": "school"})
        payment = created["payment"]
        assert isinstance(payment, dict)
        with portal.client(portal.counter_token) as counter:
            foreign = counter.post(f"/v1/payments/{payment['id']}/settle", json={"method": "card"})
        paid = citizen.post(f"/v1/payments/{payment['id']}/settle", json={"method": "card"})
    assert foreign.status_code == 403
    assert paid.status_code == 200
    assert paid.json()["status"] == "completed"
    assert paid.json()["documents"][0]["seal"].startswith("CS1:")


def test_change_of_address_waits_for_the_code_sent_by_letter(portal: RunningPortal) -> None:
    new_address = {"street": "Rua das Flores 12", "postal_code": "4050-262", "locality": "Porto"}
    with signed_in(portal, "joao") as citizen:
        created = submit(citizen, "ADDRESS-CHANGE", {"new_address": new_address, "moved_on": "2024-01-02"})
        assert created["status"] == "awaiting_confirmation"
        reference = created["reference"]
        letters = subprocess.run(
            portal_command("letters", "--db", portal.database_url),
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
        line = next(line for line in letters.splitlines() if line.startswith(str(reference)))
        assert "Rua das Flores 12" in line
        code = line.rsplit(" ", 1)[1]
        wrong = citizen.post(f"/v1/applications/{reference}/confirm", json={"code": "ZZZZ-ZZZZ"})
        right = citizen.post(f"/v1/applications/{reference}/confirm", json={"code": code})
        twice = citizen.post(f"/v1/applications/{reference}/confirm", json={"code": code})
    with signed_in(portal, "maria") as other:
        not_theirs = other.post(f"/v1/applications/{reference}/confirm", json={"code": code})
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["code"] == "confirmation_code"
    assert right.status_code == 200
    assert right.json()["status"] == "completed"
    assert twice.status_code == 409
    assert not_theirs.status_code == 404


def test_audit_records_personal_data_access_and_only_supervisors_read_it(portal: RunningPortal) -> None:
    with signed_in(portal, "elodie") as citizen:
        reference = submit(citizen, "PENSION-ESTIMATE", {"retire_at_age": 66})["reference"]
    with staff_signed_in(portal, "clerk") as clerk, staff_signed_in(portal, "supervisor") as supervisor:
        refused = clerk.get("/v1/audit")
        events = supervisor.get("/v1/audit", params={"limit": 200}).json()
    assert refused.status_code == 403
    created = next(event for event in events if event["object_ref"] == reference)
    assert created["action"] == "application.create"
    assert created["purpose"] == "PENSION-ESTIMATE"
    assert created["channel"] == "kiosk"
    assert created["actor"].startswith("citizen:")
    assert created["device_id"]
    assert any(event["action"] == "login" and event["actor"] == created["actor"] for event in events)


def test_login_attempts_are_rate_limited(tmp_path: Path) -> None:
    running = start_portal(f"sqlite:///{tmp_path / 'rate.db'}", tmp_path, "--login-rate-per-minute", "5")
    try:
        with running.kiosk() as kiosk, running.client(running.counter_token) as counter:
            statuses = [kiosk.post("/v1/auth/citizen/challenge").status_code for _ in range(7)]
            limited = kiosk.post("/v1/auth/citizen/challenge")
            other_device = counter.post("/v1/auth/citizen/challenge")
            staff = [
                counter.post(
                    "/v1/auth/staff/session", json={"username": "clerk", "password": "wrong"}
                ).status_code
                for _ in range(6)
            ]
    finally:
        stop_portal(running)
    assert statuses[:5] == [201] * 5
    assert statuses[5:] == [429, 429]
    assert limited.json()["type"].endswith("/rate-limited")
    assert 0 < int(limited.headers["retry-after"]) <= 60
    assert other_device.status_code == 201
    assert staff[:4] == [401] * 4
    assert staff[-1] == 429


def test_the_back_office_moves_pending_applications_on_with_history(portal: RunningPortal) -> None:
    with signed_in(portal, "maria") as citizen:
        created = submit(citizen, "EHIC", {"send_to_card_address": True})
        reference = created["reference"]
        assert created["status"] == "submitted"
        done = submit(citizen, "TAX-STATUS", {"purpose": "bank"})
        by_citizen = citizen.post(f"/v1/applications/{reference}/status", json={"status": "closed"})
        with staff_signed_in(portal, "clerk") as clerk:
            moved = clerk.post(
                f"/v1/applications/{reference}/status", json={"status": "sent_by_post", "note": "CTT RR123"}
            )
            locked = clerk.post(f"/v1/applications/{done['reference']}/status", json={"status": "rejected"})
        seen = citizen.get(f"/v1/applications/{reference}").json()
    assert by_citizen.status_code == 403
    assert moved.status_code == 200
    assert locked.status_code == 409
    assert seen["status"] == "sent_by_post"
    assert [(entry["status"], entry["note"]) for entry in seen["history"]][-1] == ("sent_by_post", "CTT RR123")


def test_open311_reports_closed_requests(portal: RunningPortal) -> None:
    from portal.content.demo_people import DEMO_OPEN311_API_KEY

    created = httpx.post(
        f"{portal.url}/open311/v2/requests.json",
        data={
            "api_key": DEMO_OPEN311_API_KEY,
            "service_code": "REPORT-PROBLEM",
            "address_string": "Largo do Carmo",
            "attribute[category]": "graffiti",
        },
    )
    request_id = created.json()[0]["service_request_id"]
    with staff_signed_in(portal, "clerk") as clerk:
        assert clerk.post(f"/v1/applications/{request_id}/status", json={"status": "closed"}).status_code == 200
    entry = httpx.get(f"{portal.url}/open311/v2/requests/{request_id}.json").json()[0]
    closed = httpx.get(f"{portal.url}/open311/v2/requests.json", params={"status": "closed"}).json()
    assert entry["status"] == "closed"
    assert request_id in {item["service_request_id"] for item in closed}


def test_the_next_citizen_at_the_kiosk_cannot_settle_and_see_anothers_payment(portal: RunningPortal) -> None:
    with signed_in(portal, "maria") as maria:
        payment = submit(maria, "MARRIAGE-CERT", {"marriage_date": "2010-06-12", "purpose": "bank"})["payment"]
        assert isinstance(payment, dict)
    with signed_in(portal, "joao") as joao:
        response = joao.post(f"/v1/payments/{payment['id']}/settle", json={"method": "card"})
    assert response.status_code == 404
    assert "Maria" not in response.text


def test_a_chunked_body_over_the_limit_is_refused(portal: RunningPortal) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"service_code": "REPORT-PROBLEM", "answers": {"description": "'
        for _ in range(100):
            yield b"x" * 1024
        yield b'"}}'

    with portal.kiosk() as client:
        response = client.post(
            "/v1/applications",
            content=chunks(),
            headers={"Idempotency-Key": idempotency_key(), "Content-Type": "application/json"},
        )
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
