"""The Open311 GeoReport v2 facade, read by the independent PyPI client `georeport`, in JSON and XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import httpx
import pytest
from georeport import GeoReport

from portal.content.demo_people import DEMO_OPEN311_API_KEY
from tests.portal.conftest import RunningPortal

FORMATS = ["json", "xml"]


def post_request(portal: RunningPortal, fmt: str, **fields: str) -> httpx.Response:
    return httpx.post(f"{portal.url}/open311/v2/requests.{fmt}", data=fields, timeout=10)


def create(portal: RunningPortal, **extra: str) -> str:
    response = post_request(
        portal,
        "json",
        api_key=DEMO_OPEN311_API_KEY,
        service_code="REPORT-PROBLEM",
        lat="38.7139",
        long="-9.1394",
        **{"attribute[category]": "street-light"},
        **extra,
    )
    assert response.status_code == 201, response.text
    [created] = response.json()
    assert set(created) == {"service_request_id", "service_notice", "account_id"}
    return str(created["service_request_id"])


@pytest.mark.parametrize("fmt", FORMATS)
def test_georeport_client_lists_services_and_definitions(portal: RunningPortal, fmt: str) -> None:
    client = GeoReport(f"{portal.url}/open311/v2", output_format=fmt)
    services = client.get_service_list()
    entries = services if isinstance(services, list) else [services]
    codes = {entry["service_code"] for entry in entries}
    assert codes == {"REPORT-PROBLEM", "BULKY-WASTE"}
    problem = next(entry for entry in entries if entry["service_code"] == "REPORT-PROBLEM")
    assert str(problem["metadata"]).lower() == "true"
    assert problem["type"] == "realtime"
    definition = client.get_service_definition("REPORT-PROBLEM")
    attributes = definition["attributes"] if fmt == "json" else definition["attributes"]["attribute"]
    attributes = attributes if isinstance(attributes, list) else [attributes]
    category = next(attribute for attribute in attributes if attribute["code"] == "category")
    assert category["datatype"] == "singlevaluelist"
    values = category["values"] if fmt == "json" else category["values"]["value"]
    assert {value["key"] for value in values} >= {"pothole", "street-light"}
    assert [int(attribute["order"]) for attribute in attributes] == list(range(1, len(attributes) + 1))


@pytest.mark.parametrize("fmt", FORMATS)
def test_georeport_client_reads_a_posted_request(portal: RunningPortal, fmt: str) -> None:
    request_id = create(portal, description="Lamp out since Monday", email="ana@example.pt")
    client = GeoReport(f"{portal.url}/open311/v2", output_format=fmt)
    found = client.get_service_request(request_id)
    entry = found[0] if isinstance(found, list) else found
    if fmt == "xml":
        entry = entry["service_requests"]["request"] if "service_requests" in entry else entry
    assert entry["service_request_id"] == request_id
    assert entry["status"] == "open"
    assert entry["service_code"] == "REPORT-PROBLEM"
    assert entry["description"] == "Lamp out since Monday"
    assert entry["requested_datetime"].endswith("Z")
    assert "ana@example.pt" not in str(entry)
    listed = client.get_service_requests(service_code="REPORT-PROBLEM", status="open")
    assert request_id in str(listed)


def test_json_request_list_filters_and_token(portal: RunningPortal) -> None:
    request_id = create(portal, address_string="Rua Augusta 100, Lisboa")
    base = f"{portal.url}/open311/v2"
    by_id = httpx.get(f"{base}/requests.json", params={"service_request_id": request_id}).json()
    closed = httpx.get(f"{base}/requests.json", params={"status": "closed"}).json()
    token = httpx.get(f"{base}/tokens/{request_id}.json").json()
    assert [entry["service_request_id"] for entry in by_id] == [request_id]
    assert by_id[0]["address"] == "Rua Augusta 100, Lisboa"
    assert by_id[0]["lat"] == "38.7139"
    assert request_id not in {entry["service_request_id"] for entry in closed}
    assert token == [{"service_request_id": request_id, "token": request_id}]


def test_discovery_in_both_formats(portal: RunningPortal) -> None:
    as_json = httpx.get(f"{portal.url}/open311/v2/discovery.json")
    as_xml = httpx.get(f"{portal.url}/open311/v2/discovery.xml")
    assert as_json.headers["content-type"] == "application/json; charset=utf-8"
    assert as_xml.headers["content-type"] == "text/xml; charset=utf-8"
    endpoint = as_json.json()["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert set(endpoint["formats"]) == {"text/xml", "application/json"}
    root = ET.fromstring(as_xml.content)
    assert root.tag == "discovery"
    assert root.find("endpoints/endpoint/formats/format") is not None


def test_errors_follow_the_spec(portal: RunningPortal) -> None:
    base = f"{portal.url}/open311/v2"
    no_key = post_request(portal, "json", service_code="REPORT-PROBLEM", address_string="Rua A 1")
    bad_key_xml = post_request(
        portal, "xml", api_key="nope", service_code="REPORT-PROBLEM", address_string="Rua A 1"
    )
    no_location = post_request(portal, "json", api_key=DEMO_OPEN311_API_KEY, service_code="REPORT-PROBLEM")
    half_point = post_request(
        portal, "json", api_key=DEMO_OPEN311_API_KEY, service_code="REPORT-PROBLEM", lat="1"
    )
    unknown_service = post_request(
        portal, "json", api_key=DEMO_OPEN311_API_KEY, service_code="NOPE", lat="1", long="2"
    )
    missing_attribute = post_request(
        portal, "json", api_key=DEMO_OPEN311_API_KEY, service_code="REPORT-PROBLEM", address_string="Rua A 1"
    )
    unknown_request = httpx.get(f"{base}/requests/NOPE.json")
    unknown_definition = httpx.get(f"{base}/services/INFO-SHEET.xml")
    wrong_jurisdiction = httpx.get(f"{base}/services.json", params={"jurisdiction_id": "elsewhere.org"})
    assert no_key.status_code == 403
    assert no_key.json() == [
        {"code": 403, "description": "Invalid api_key received -- can't proceed with create_request."}
    ]
    assert bad_key_xml.status_code == 403
    error = ET.fromstring(bad_key_xml.content)
    assert error.tag == "errors"
    assert error.findtext("error/code") == "403"
    assert no_location.status_code == 400
    assert half_point.status_code == 400
    assert unknown_service.status_code == 404
    assert missing_attribute.status_code == 400
    assert "category" in missing_attribute.json()[0]["description"]
    assert unknown_request.status_code == 404
    assert unknown_definition.status_code == 404
    assert wrong_jurisdiction.status_code == 404
    for response in (no_key, no_location, unknown_request, wrong_jurisdiction):
        assert isinstance(response.json(), list)


def test_empty_optional_arguments_behave_as_absent(portal: RunningPortal) -> None:
    request_id = create(portal, email="", description="", first_name="")
    entry = httpx.get(f"{portal.url}/open311/v2/requests/{request_id}.json").json()[0]
    assert entry["description"] == ""
