"""Submitting applications over HTTP: idempotency, validation, fees and bad input."""

from __future__ import annotations

import concurrent.futures

import httpx

from portal.checkdigits import multibanco_reference_is_valid
from tests.portal.conftest import RunningPortal, idempotency_key

PROBLEM = {"service_code": "REPORT-PROBLEM", "answers": {"category": "pothole", "location": "Rua Augusta 10"}}


def submit(client: httpx.Client, body: object, key: str | None = None) -> httpx.Response:
    headers = {"Idempotency-Key": key or idempotency_key()}
    return client.post("/v1/applications", json=body, headers=headers)


def test_instant_service_issues_its_document_at_once(portal: RunningPortal) -> None:
    with portal.kiosk("en") as client:
        response = submit(client, {"service_code": "INFO-SHEET", "answers": {}})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "completed"
    assert body["payment"] is None
    [document] = body["documents"]
    assert document["type"] == "info-sheet"
    assert document["status"] == "valid"
    assert document["fields"]["Reference"] == body["reference"]
    assert len(document["access_code"].replace("-", "")) == 12
    assert [entry["status"] for entry in body["history"]] == ["submitted", "completed"]


def test_same_key_and_body_gives_the_same_answer(portal: RunningPortal) -> None:
    key = idempotency_key()
    with portal.kiosk() as client:
        first = submit(client, PROBLEM, key)
        second = submit(client, PROBLEM, key)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()


def test_same_key_with_another_body_is_a_conflict(portal: RunningPortal) -> None:
    key = idempotency_key()
    other = {**PROBLEM, "answers": {**PROBLEM["answers"], "location": "Praça do Comércio"}}
    with portal.kiosk("en") as client:
        assert submit(client, PROBLEM, key).status_code == 201
        conflict = submit(client, other, key)
    assert conflict.status_code == 409
    assert conflict.json()["type"].endswith("/idempotency-key-reused")
    assert "Idempotency-Key" in conflict.json()["detail"]


def test_keys_belong_to_one_device(portal: RunningPortal) -> None:
    key = idempotency_key()
    with portal.kiosk() as kiosk, portal.client(portal.counter_token) as counter:
        from_kiosk = submit(kiosk, PROBLEM, key)
        from_counter = submit(counter, PROBLEM, key)
    assert from_kiosk.status_code == from_counter.status_code == 201
    assert from_kiosk.json()["reference"] != from_counter.json()["reference"]


def test_concurrent_retries_with_one_key_create_one_application(portal: RunningPortal) -> None:
    key = idempotency_key()

    def once(_: int) -> httpx.Response:
        with portal.kiosk() as client:
            return submit(client, PROBLEM, key)

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        responses = list(pool.map(once, range(8)))
    assert {response.status_code for response in responses} == {201}
    assert len({response.json()["reference"] for response in responses}) == 1


def test_answers_are_validated_with_per_field_codes_in_the_language(portal: RunningPortal) -> None:
    body = {
        "service_code": "REPORT-PROBLEM",
        "answers": {"category": "volcano", "email": "not-an-email", "colour": "red"},
    }
    with portal.kiosk("en") as english, portal.kiosk("pt") as portuguese:
        en = submit(english, body)
        pt = submit(portuguese, body)
    assert en.status_code == pt.status_code == 422
    errors_en = {error["field"]: error for error in en.json()["errors"]}
    errors_pt = {error["field"]: error for error in pt.json()["errors"]}
    assert {field: error["code"] for field, error in errors_en.items()} == {
        "colour": "unknown",
        "category": "choice",
        "location": "required",
        "email": "email",
    }
    assert errors_en["location"]["message"] == "Answer this question."
    assert errors_pt["location"]["message"] == "Responda a esta pergunta."


def test_a_failed_validation_does_not_burn_the_key(portal: RunningPortal) -> None:
    key = idempotency_key()
    with portal.kiosk() as client:
        assert submit(client, {"service_code": "REPORT-PROBLEM", "answers": {}}, key).status_code == 422
        assert submit(client, PROBLEM, key).status_code == 201


def test_card_services_need_a_citizen_session(portal: RunningPortal) -> None:
    with portal.kiosk("en") as client:
        response = submit(client, {"service_code": "TAX-STATUS", "answers": {"purpose": "bank"}})
    assert response.status_code == 401
    assert "citizen card" in response.json()["detail"]


def test_fee_produces_a_multibanco_reference_with_check_digits(portal: RunningPortal) -> None:
    body = {"service_code": "COMPANY-CERT", "answers": {"nipc": "509999999", "years": "1"}}
    with portal.kiosk() as client:
        response = submit(client, body)
    assert response.status_code == 201, response.text
    payload = response.json()
    assert payload["status"] == "awaiting_payment"
    assert payload["documents"] == []
    payment = payload["payment"]
    assert payment["amount_cents"] == 2500
    assert multibanco_reference_is_valid(payment["entity"], payment["reference"], 2500)
    assert not multibanco_reference_is_valid(payment["entity"], payment["reference"], 2501)


def test_company_certificate_for_an_unknown_nipc_is_refused(portal: RunningPortal) -> None:
    body = {"service_code": "COMPANY-CERT", "answers": {"nipc": "500745749", "years": "1"}}
    with portal.kiosk() as client:
        response = submit(client, body)
    assert response.status_code == 422
    assert response.json()["errors"][0] == {
        "field": "nipc",
        "code": "nipc_unknown",
        "message": "There is no company with this NIPC.",
    }


def test_unknown_service_code_is_a_field_error(portal: RunningPortal) -> None:
    with portal.kiosk() as client:
        response = submit(client, {"service_code": "NOPE", "answers": {}})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "service_code"


def test_missing_or_bad_idempotency_key_is_refused(portal: RunningPortal) -> None:
    with portal.kiosk() as client:
        missing = client.post("/v1/applications", json=PROBLEM)
        short = submit(client, PROBLEM, "abc")
    assert missing.status_code == short.status_code == 400
    assert missing.json()["type"].endswith("/idempotency-key-missing")
    assert short.json()["type"].endswith("/idempotency-key-invalid")


def test_malformed_json_wrong_type_oversized_and_unknown_fields(portal: RunningPortal) -> None:
    headers = {"Idempotency-Key": idempotency_key(), "Content-Type": "application/json"}
    with portal.kiosk() as client:
        malformed = client.post("/v1/applications", content=b'{"service_code": ', headers=headers)
        wrong_type = client.post(
            "/v1/applications",
            content=b"service_code=INFO-SHEET",
            headers={**headers, "Content-Type": "application/x-www-form-urlencoded"},
        )
        huge = client.post(
            "/v1/applications",
            json={"service_code": "REPORT-PROBLEM", "answers": {"description": "x" * 200_000}},
            headers=headers,
        )
        unknown = client.post("/v1/applications", json={**PROBLEM, "admin": True}, headers=headers)
        not_an_object = client.post("/v1/applications", json=[1, 2], headers=headers)
    assert malformed.status_code == 400
    assert wrong_type.status_code == 415
    assert huge.status_code == 413
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0] == {
        "field": "admin",
        "code": "not_allowed",
        "message": "This field is not part of the request.",
    }
    assert not_an_object.status_code == 422
    for response in (malformed, wrong_type, huge, unknown, not_an_object):
        assert response.headers["content-type"] == "application/problem+json"


def test_a_terminal_reads_its_own_anonymous_application_only(portal: RunningPortal) -> None:
    with portal.kiosk() as kiosk, portal.client(portal.counter_token) as counter:
        reference = submit(kiosk, PROBLEM).json()["reference"]
        own = kiosk.get(f"/v1/applications/{reference}")
        other = counter.get(f"/v1/applications/{reference}")
    assert own.status_code == 200
    assert own.json()["reference"] == reference
    assert own.json()["documents"] == []
    assert other.status_code == 404
