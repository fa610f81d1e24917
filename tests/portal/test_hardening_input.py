"""No server error on any input: a NUL, a lone surrogate, a number or a date out of range is a 4xx naming it.

Against the real portal under uvicorn, on SQLite and on PostgreSQL (PostgreSQL refuses a NUL in text and JSON;
neither database nor a JSON answer carries a lone surrogate, which is not valid UTF-8).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

import httpx

from portal.content.demo_people import DEMO_OPEN311_API_KEY
from tests.portal.conftest import RunningPortal, idempotency_key
from tests.portal.sessions import signed_in, staff_signed_in

PROBLEM = "application/problem+json"
REPORT = {"category": "pothole", "location": "Rua Augusta 100, Lisboa"}


def problem_fields(response: httpx.Response) -> list[tuple[str, str]]:
    assert response.headers["content-type"] == PROBLEM, response.text
    return [(error["field"], error["code"]) for error in response.json().get("errors", [])]


def submit_raw(client: httpx.Client, body: bytes) -> httpx.Response:
    """A submission sent as bytes, so that JSON escapes such as \\ud800 reach the portal as they are."""
    headers = {"Content-Type": "application/json", "Idempotency-Key": idempotency_key()}
    return client.post("/v1/applications", content=body, headers=headers)


def test_nul_and_lone_surrogates_in_answers_are_refused_naming_the_answer(portal: RunningPortal) -> None:
    with portal.kiosk() as kiosk:
        nul_value = kiosk.post(
            "/v1/applications",
            json={"service_code": "REPORT-PROBLEM", "answers": {**REPORT, "description": "broken\x00lamp"}},
            headers={"Idempotency-Key": idempotency_key()},
        )
        surrogate = submit_raw(
            kiosk,
            b'{"service_code": "REPORT-PROBLEM", "answers": {"category": "pothole", '
            b'"location": "Rua \\ud800 Augusta 100"}}',
        )
        nul_key = submit_raw(
            kiosk, b'{"service_code": "REPORT-PROBLEM", "answers": {"category": "pothole", "a\\u0000b": 1}}'
        )
        nested = submit_raw(
            kiosk,
            b'{"service_code": "BULKY-WASTE", "answers": {"items": ["furniture", "\\udfff"], '
            b'"location": "Rua Augusta 100", "postal_code": "1100-048", "phone": "912345678"}}',
        )
        nul_service = kiosk.post(
            "/v1/applications",
            json={"service_code": "REPORT\x00PROBLEM", "answers": REPORT},
            headers={"Idempotency-Key": idempotency_key()},
        )
        fine = kiosk.post(
            "/v1/applications",
            json={"service_code": "REPORT-PROBLEM", "answers": {**REPORT, "description": "Çà e ✓ ok"}},
            headers={"Idempotency-Key": idempotency_key()},
        )
    for response in (nul_value, surrogate, nul_key, nested, nul_service):
        assert response.status_code == 422, response.text
    assert problem_fields(nul_value) == [("answers.description", "text_invalid")]
    assert problem_fields(surrogate) == [("answers.location", "text_invalid")]
    assert problem_fields(nul_key) == [("answers", "text_invalid")]
    assert problem_fields(nested) == [("answers.items.1", "text_invalid")]
    assert problem_fields(nul_service) == [("service_code", "text_invalid")]
    assert "control characters" in nul_value.json()["errors"][0]["message"]
    assert fine.status_code == 201, fine.text


def test_nul_in_user_names_notes_and_codes_is_refused(portal: RunningPortal) -> None:
    with portal.client(portal.counter_token) as counter:
        username = counter.post(
            "/v1/auth/staff/session", json={"username": "clerk\x00", "password": "demo-clerk-password"}
        )
        password = counter.post("/v1/auth/staff/session", json={"username": "clerk", "password": "x\x00y"})
    with staff_signed_in(portal, "clerk") as clerk:
        note = clerk.post("/v1/applications/2026-AAAA-BBBB/status", json={"status": "closed", "note": "a\x00"})
    with portal.kiosk() as kiosk:
        access_code = kiosk.post("/v1/documents/status", json={"access_code": "AB\x00CD"})
        challenge = kiosk.post(
            "/v1/auth/citizen/session",
            json={
                "challenge_id": "x\x00",
                "signature": "AAAA",
                "algorithm": "ecdsa-sha256",
                "certificate_chain": ["AAAA"],
            },
        )
    assert (username.status_code, problem_fields(username)) == (422, [("username", "text_invalid")])
    assert (password.status_code, problem_fields(password)) == (422, [("password", "text_invalid")])
    assert (note.status_code, problem_fields(note)) == (422, [("note", "text_invalid")])
    assert (access_code.status_code, problem_fields(access_code)) == (422, [("access_code", "text_invalid")])
    assert (challenge.status_code, problem_fields(challenge)) == (422, [("challenge_id", "text_invalid")])


def test_nul_in_the_path_or_the_query_is_refused_naming_it(portal: RunningPortal) -> None:
    with staff_signed_in(portal, "supervisor") as supervisor:
        path = supervisor.get("/v1/applications/2026-AB%00C-DEFG")
        status = supervisor.get("/v1/status/AB%00CD")
        query = supervisor.get("/v1/audit", params={"person_id": "p\x00"})
        payment = supervisor.get("/v1/payments", params={"entity": "21800", "reference": "12\x003"})
        revoke = supervisor.post("/v1/documents/d%00c/revoke", json={"reason": "lost card"})
    for response in (path, status, query, payment, revoke):
        assert response.status_code == 400, response.text
    assert problem_fields(path) == [("path", "text_invalid")]
    assert problem_fields(status) == [("path", "text_invalid")]
    assert problem_fields(query) == [("person_id", "text_invalid")]
    assert problem_fields(payment) == [("reference", "text_invalid")]
    assert problem_fields(revoke) == [("path", "text_invalid")]


def test_open311_answers_bad_text_and_dates_with_its_error_array(portal: RunningPortal) -> None:
    base = f"{portal.url}/open311/v2"
    old_end = httpx.get(f"{base}/requests.json", params={"end_date": "0001-01-01T00:00:00Z"})
    old_start = httpx.get(f"{base}/requests.json", params={"start_date": "0001-01-01T00:00:00+14:00"})
    far_end = httpx.get(f"{base}/requests.xml", params={"end_date": "9999-12-31T23:59:59-12:00"})
    nul_query = httpx.get(f"{base}/requests.json", params={"service_code": "REPORT\x00PROBLEM"})
    nul_path = httpx.get(f"{base}/requests/AB%00CD.xml")
    nul_form = httpx.post(
        f"{base}/requests.json",
        data={
            "api_key": DEMO_OPEN311_API_KEY,
            "service_code": "REPORT-PROBLEM",
            "address_string": "Rua Augusta 100",
            "attribute[category]": "pothole",
            "description": "hole\x00",
        },
    )
    for response, name in (
        (old_end, "end_date"),
        (old_start, "start_date"),
        (nul_query, "service_code"),
        (nul_form, "description"),
    ):
        assert response.status_code == 400, response.text
        [error] = response.json()
        assert error["code"] == 400
        assert error["description"].startswith(name), error
    for response, name in ((far_end, "end_date"), (nul_path, "path")):
        assert response.status_code == 400, response.text
        root = ET.fromstring(response.content)
        assert root.tag == "errors"
        assert (root.findtext("error/description") or "").startswith(name)


def company(share_capital: str) -> dict[str, Any]:
    return {
        "service_code": "COMPANY-ON-THE-SPOT",
        "answers": {
            "company_name": "sol-nascente",
            "legal_form": "unipessoal",
            "applicant_role": "partner",
            "partners": [{"nif": "234567899", "share": "100"}],  # joao, who applies
            "share_capital": share_capital,
            "activity_code": "62010",
            "registered_office": {"street": "Rua do Ouro 1", "postal_code": "1100-060", "locality": "Lisboa"},
        },
    }


def test_numbers_have_bounds_that_fit_where_they_are_kept(portal: RunningPortal) -> None:
    """Share capital 10^25 was accepted and its settlement then failed with 500 for ever."""
    with signed_in(portal, "joao") as citizen:
        huge = citizen.post(
            "/v1/applications", json=company("1" + "0" * 25), headers={"Idempotency-Key": idempotency_key()}
        )
        huge_number = submit_raw(
            citizen,
            json.dumps(
                {"service_code": "CHILD-BENEFIT", "answers": {"children": 10**30, "yearly_income": "1"}}
            ).encode(),
        )
        largest = citizen.post(
            "/v1/applications", json=company("999999999999.99"), headers={"Idempotency-Key": idempotency_key()}
        )
        assert largest.status_code == 201, largest.text
        payment = largest.json()["payment"]
        settled = citizen.post(f"/v1/payments/{payment['id']}/settle", json={"method": "card"})
    assert huge.status_code == 422, huge.text
    assert problem_fields(huge) == [("share_capital", "too_large")]
    assert huge_number.status_code == 422, huge_number.text
    assert ("children", "too_large") in problem_fields(huge_number)
    assert settled.status_code == 200, settled.text
    assert settled.json()["status"] == "completed"
