"""GET /v1/status/{reference}: what a stranger holding the receipt may know, as JSON or a tiny page, with a
404 for an unknown reference and a per-address rate limit."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import httpx
import pytest

from portal.routes.applications import wants_html
from tests.portal.conftest import RunningPortal, idempotency_key, start_portal, stop_portal

# A citizen's answers that must never come back from the public route.
LOCATION = "Rua Augusta 10, 3.º esquerdo"
PROBLEM = {"service_code": "REPORT-PROBLEM", "answers": {"category": "pothole", "location": LOCATION}}
PHONE_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def submitted(portal: RunningPortal, body: dict[str, object]) -> dict[str, object]:
    with portal.kiosk("en") as client:
        response = client.post("/v1/applications", json=body, headers={"Idempotency-Key": idempotency_key()})
    assert response.status_code == 201, response.text
    answer: dict[str, object] = response.json()
    return answer


def public(language: str = "en", accept: str | None = None) -> dict[str, str]:
    """Headers of a phone: no Authorization at all."""
    headers = {"Accept-Language": language}
    if accept is not None:
        headers["Accept"] = accept
    return headers


def test_json_tells_service_status_and_date_without_a_login(portal: RunningPortal) -> None:
    application = submitted(portal, PROBLEM)
    response = httpx.get(f"{portal.url}/v1/status/{application['reference']}", headers=public("en"))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["content-language"] == "en"
    body = response.json()
    assert set(body) == {"reference", "service", "status", "status_text", "updated_at", "next_step"}
    assert body["next_step"] is None, "a report has nothing to do next but wait"
    assert body["reference"] == application["reference"]
    assert body["status"] == "submitted"
    assert body["status_text"] == "Received, waiting to be dealt with"
    assert body["service"]
    assert body["service"] != "REPORT-PROBLEM"
    changed = dt.datetime.fromisoformat(body["updated_at"])
    assert changed.tzinfo is not None
    assert abs(changed - dt.datetime.fromisoformat(str(application["created_at"]))) < dt.timedelta(seconds=5)

    portuguese = httpx.get(f"{portal.url}/v1/status/{application['reference']}", headers=public("pt")).json()
    assert portuguese["status_text"] == "Recebido, a aguardar tratamento"
    assert portuguese["service"] != body["service"]


def test_nothing_personal_comes_back(portal: RunningPortal) -> None:
    application = submitted(portal, {"service_code": "INFO-SHEET", "answers": {}})
    [document] = application["documents"]  # type: ignore[misc]
    reference = str(application["reference"])
    for accept in (None, PHONE_ACCEPT):
        text = httpx.get(f"{portal.url}/v1/status/{reference}", headers=public("en", accept)).text
        for secret in (str(application["id"]), document["id"], document["seal"], document["access_code"]):
            assert secret not in text
    problem = submitted(portal, PROBLEM)
    text = httpx.get(f"{portal.url}/v1/status/{problem['reference']}", headers=public("en")).text
    assert "Rua Augusta" not in text
    assert "pothole" not in text


def test_a_company_waiting_for_payment_says_where_its_code_is_had(portal: RunningPortal) -> None:
    """A company registered on the spot and paid later has a certificate code nobody was shown: whoever holds
    the receipt reads where a partner or the registrant gets one, in JSON and on the phone's page."""
    from tests.journey.test_company_papers import company_answers
    from tests.portal.sessions import signed_in

    with signed_in(portal, "joao") as client:
        name = client.get("/v1/companies/firm-names").json()[0]["value"]
        body = {"service_code": "COMPANY-ON-THE-SPOT", "answers": company_answers(name)}
        made = client.post("/v1/applications", json=body, headers={"Idempotency-Key": idempotency_key()})
    assert made.status_code == 201, made.text
    url = f"{portal.url}/v1/status/{made.json()['reference']}"
    english = httpx.get(url, headers=public("en")).json()
    assert english["status"] == "awaiting_payment"
    assert "New company certificate code" in english["next_step"]
    assert "partner" in english["next_step"]
    portuguese = httpx.get(url, headers=public("pt", PHONE_ACCEPT)).text
    assert "Novo código da certidão da empresa" in portuguese
    assert made.json()["payment"]["reference"] not in portuguese, "nothing of the payment on a public page"


def test_a_phone_browser_gets_a_page_of_words(portal: RunningPortal) -> None:
    application = submitted(portal, {"service_code": "INFO-SHEET", "answers": {}})
    reference = str(application["reference"])
    response = httpx.get(f"{portal.url}/v1/status/{reference}", headers=public("pt", PHONE_ACCEPT))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert '<html lang="pt">' in page
    assert f"<title>O seu pedido {reference}</title>" in page
    assert "Estado: Concluído" in page
    assert "Última alteração: " in page
    assert "<script" not in page

    english = httpx.get(f"{portal.url}/v1/status/{reference}", headers=public("en", "text/html")).text
    assert "Status: Completed" in english


def test_unknown_reference_is_not_found_in_both_forms(portal: RunningPortal) -> None:
    url = f"{portal.url}/v1/status/2026-ZZZZ-ZZZZ"
    response = httpx.get(url, headers=public("en"))
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == 404
    page = httpx.get(url, headers=public("en", PHONE_ACCEPT))
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "There is no application with this reference" in page.text


def test_a_device_token_reveals_no_more(portal: RunningPortal) -> None:
    application = submitted(portal, PROBLEM)
    with portal.kiosk("en") as client:
        with_token = client.get(f"/v1/status/{application['reference']}").json()
    without = httpx.get(f"{portal.url}/v1/status/{application['reference']}", headers=public("en")).json()
    assert with_token == without


@pytest.mark.parametrize(
    ("accept", "html"),
    [
        (None, False),
        ("*/*", False),
        ("application/json", False),
        (PHONE_ACCEPT, True),
        ("text/html;q=0.5, application/json", False),
        ("application/json;q=0.2, text/html", True),
        ("text/html;q=0", False),
    ],
)
def test_content_negotiation(accept: str | None, html: bool) -> None:
    assert wants_html(accept) is html


def test_public_status_is_rate_limited_per_address(tmp_path: Path) -> None:
    # --login-rate-per-minute 2: the public status allows four times that, 8 a minute from one address.
    running = start_portal(f"sqlite:///{tmp_path / 'rate.db'}", tmp_path, "--login-rate-per-minute", "2")
    try:
        # The counters are per minute: start well inside one, so the window cannot turn during the burst.
        if time.time() % 60 > 50:
            time.sleep(61 - time.time() % 60)
        codes = [
            httpx.get(f"{running.url}/v1/status/2026-ZZZZ-ZZZZ", headers=public("en")).status_code
            for _ in range(10)
        ]
        assert codes[:8] == [404] * 8
        assert 429 in codes[8:]
        limited = httpx.get(f"{running.url}/v1/status/2026-ZZZZ-ZZZZ", headers=public("en"))
        assert limited.status_code == 429
        assert int(limited.headers["retry-after"]) > 0
    finally:
        stop_portal(running)
