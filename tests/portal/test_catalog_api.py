"""The catalog over HTTP, against the real portal under uvicorn."""

from __future__ import annotations

import concurrent.futures
from pathlib import Path

from tests.portal.conftest import RunningPortal, start_portal, stop_portal

END_TO_END_SERVICES = {
    "BIRTH-CERT",
    "CRIMINAL-RECORD",
    "RESIDENCE-CERT",
    "TAX-STATUS",
    "ADDRESS-CHANGE",
    "COMPANY-ON-THE-SPOT",
    "COMPANY-CERT",
    "EHIC",
    "REPORT-PROBLEM",
}


def test_health_answers_ok_without_credentials(portal: RunningPortal) -> None:
    with portal.client() as client:
        response = client.get("/v1/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_catalog_needs_a_device_credential(portal: RunningPortal) -> None:
    with portal.client() as anonymous, portal.client("dev_not-a-real-token") as forged:
        missing = anonymous.get("/v1/catalog/services")
        wrong = forged.get("/v1/catalog/services")
    for response in (missing, wrong):
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["www-authenticate"].startswith("Bearer")
        assert response.json()["status"] == 401


def test_life_events_and_themes_in_both_languages(portal: RunningPortal) -> None:
    with portal.kiosk("en") as english, portal.kiosk("pt-PT,pt;q=0.9") as portuguese:
        events_en = english.get("/v1/catalog/life-events").json()
        events_pt = portuguese.get("/v1/catalog/life-events").json()
        themes = english.get("/v1/catalog/themes").json()
        groups = english.get("/v1/catalog/user-groups").json()
    assert len(events_en) >= 8
    assert {"moving-house", "having-a-baby", "starting-a-business", "retiring"} <= {
        event["code"] for event in events_en
    }
    by_code_pt = {event["code"]: event["name"] for event in events_pt}
    assert by_code_pt["moving-house"] == "Mudar de casa"
    assert {event["code"]: event["name"] for event in events_en}["moving-house"] == "Moving house"
    assert len(themes) >= 5
    assert len(groups) >= 3


def test_services_list_is_complete_and_localised(portal: RunningPortal) -> None:
    with portal.kiosk("en") as english, portal.kiosk("pt") as portuguese:
        response = english.get("/v1/catalog/services")
        services_pt = portuguese.get("/v1/catalog/services").json()
    assert response.status_code == 200
    assert response.headers["content-language"] == "en"
    services = response.json()
    assert len(services) >= 30
    codes = {service["code"] for service in services}
    assert codes >= END_TO_END_SERVICES
    sample = next(service for service in services if service["code"] == "CRIMINAL-RECORD")
    assert sample["name"] == "Criminal record certificate"
    assert sample["fee"] == {"amount_cents": 500, "currency": "EUR", "display": "5,00 €"}
    assert sample["assurance"] == "card"
    names_pt = {service["code"]: service["name"] for service in services_pt}
    assert names_pt["CRIMINAL-RECORD"] == "Certificado de registo criminal"
    assert any(s["assurance"] == "none" and s["fee"]["amount_cents"] == 0 for s in services)


def test_services_filter_by_life_event_theme_and_words(portal: RunningPortal) -> None:
    with portal.kiosk("en") as client:
        moving = client.get("/v1/catalog/services", params={"life_event": "moving-house"}).json()
        business = client.get("/v1/catalog/services", params={"theme": "business"}).json()
        pothole = client.get("/v1/catalog/services", params={"q": "POTHOLE"}).json()
        nothing = client.get("/v1/catalog/services", params={"life_event": "no-such-event"}).json()
    assert moving
    assert all("moving-house" in service["life_events"] for service in moving)
    assert "ADDRESS-CHANGE" in {service["code"] for service in moving}
    assert business
    assert all("business" in service["themes"] for service in business)
    assert [service["code"] for service in pothole] == ["REPORT-PROBLEM"]
    assert nothing == []


def test_service_detail_has_start_page_and_ordered_form(portal: RunningPortal) -> None:
    with portal.kiosk("en") as client:
        detail = client.get("/v1/catalog/services/CRIMINAL-RECORD").json()
    page = detail["start_page"]
    assert page["what_it_does"]
    assert page["who_can_use"]
    assert page["how_long"]
    assert page["what_you_need"]
    assert page["other_channels"]
    fields = detail["form"]["fields"]
    ids = [field["id"] for field in fields]
    assert ids[:2] == ["purpose", "purpose_other"]
    purpose_other = fields[1]
    assert purpose_other["condition"] == {"field": "purpose", "equals": ["other"]}
    assert {option["value"] for option in fields[0]["options"]} >= {"employment", "visa", "other"}


def test_etag_lets_a_terminal_skip_an_unchanged_catalog(portal: RunningPortal) -> None:
    with portal.kiosk("en") as client:
        first = client.get("/v1/catalog/services")
        etag = first.headers["etag"]
        again = client.get("/v1/catalog/services", headers={"If-None-Match": etag})
        other_language = client.get(
            "/v1/catalog/services", headers={"If-None-Match": etag, "Accept-Language": "pt"}
        )
    assert again.status_code == 304
    assert again.content == b""
    assert other_language.status_code == 200
    assert other_language.headers["etag"] != etag
    assert "Accept-Language" in first.headers["vary"]


def test_unknown_service_is_a_localised_problem(portal: RunningPortal) -> None:
    with portal.kiosk("pt") as portuguese, portal.kiosk("en") as english:
        pt = portuguese.get("/v1/catalog/services/NOPE")
        en = english.get("/v1/catalog/services/NOPE")
    assert pt.status_code == en.status_code == 404
    assert pt.headers["content-type"] == "application/problem+json"
    assert "NOPE" in pt.json()["detail"]
    assert "serviço" in pt.json()["detail"]
    assert "service" in en.json()["detail"]


def test_unknown_path_and_method_are_problems(portal: RunningPortal) -> None:
    with portal.kiosk() as client:
        missing = client.get("/v1/nothing-here")
        wrong_method = client.delete("/v1/catalog/services")
    assert missing.status_code == 404
    assert missing.json()["type"].endswith("/not-found")
    assert wrong_method.status_code == 405
    assert wrong_method.headers["content-type"] == "application/problem+json"


def test_a_burst_on_a_cold_portal_does_not_exhaust_the_connection_pool(tmp_path: Path) -> None:
    # Regression: requests once held a pooled connection while waiting for the first catalog load.
    running = start_portal(f"sqlite:///{tmp_path / 'burst.db'}", tmp_path)
    try:

        def read(index: int) -> int:
            with running.kiosk() as client:
                return client.get("/v1/catalog/services", params={"q": f"x{index}"}, timeout=20).status_code

        with concurrent.futures.ThreadPoolExecutor(40) as pool:
            statuses = list(pool.map(read, range(40)))
    finally:
        stop_portal(running)
    assert statuses == [200] * 40
