"""The Open311 facade: only its own reports of public places are public, never a person's address;
discovery names the configured URL whatever Host a client sends; a POST retried after a lost answer is the
same request."""

from __future__ import annotations

import asyncio
import secrets
from pathlib import Path

import httpx

from portal.app import create_app
from portal.content.demo_people import DEMO_OPEN311_API_KEY
from portal.settings import PortalSettings
from tests.portal.conftest import RunningPortal, idempotency_key


def open311(portal: RunningPortal) -> str:
    return f"{portal.url}/open311/v2"


def report(
    portal: RunningPortal, fields: dict[str, str], headers: dict[str, str] | None = None
) -> httpx.Response:
    form = {"api_key": DEMO_OPEN311_API_KEY, "service_code": "REPORT-PROBLEM", **fields}
    return httpx.post(f"{open311(portal)}/requests.json", data=form, headers=headers or {}, timeout=10)


def request_id(response: httpx.Response) -> str:
    assert response.status_code == 201, response.text
    return str(response.json()[0]["service_request_id"])


def test_kiosk_applications_and_home_addresses_are_never_public(portal: RunningPortal) -> None:
    home = f"Rua dos Segredos {secrets.randbelow(900) + 100}, 2 Dto"
    with portal.kiosk() as kiosk:
        from_kiosk = kiosk.post(
            "/v1/applications",
            json={
                "service_code": "BULKY-WASTE",
                "answers": {
                    "items": ["furniture"],
                    "location": home,
                    "postal_code": "1100-048",
                    "phone": "912345678",
                },
            },
            headers={"Idempotency-Key": idempotency_key()},
        )
    assert from_kiosk.status_code == 201, from_kiosk.text
    kiosk_reference = from_kiosk.json()["reference"]
    door = f"Rua das Flores {secrets.randbelow(900) + 100}, 3 Esq"
    collection = httpx.post(
        f"{open311(portal)}/requests.json",
        data={
            "api_key": DEMO_OPEN311_API_KEY,
            "service_code": "BULKY-WASTE",
            "address_string": door,
            "phone": "912345678",
            "attribute[items][]": "mattress",
            "attribute[postal_code]": "1200-195",
        },
    )
    collection_id = request_id(collection)
    street = f"Largo do Chafariz {secrets.randbelow(900) + 100}"
    pothole_id = request_id(report(portal, {"address_string": street, "attribute[category]": "pothole"}))

    base = open311(portal)
    listed = httpx.get(f"{base}/requests.json").text + httpx.get(f"{base}/requests.xml").text
    waste = httpx.get(f"{base}/requests.json", params={"service_code": "BULKY-WASTE"}).json()
    by_kiosk_id = httpx.get(f"{base}/requests/{kiosk_reference}.json")
    kiosk_in_list = httpx.get(f"{base}/requests.json", params={"service_request_id": kiosk_reference}).json()
    kiosk_token = httpx.get(f"{base}/tokens/{kiosk_reference}.json")
    by_collection_id = httpx.get(f"{base}/requests/{collection_id}.json")

    # A kiosk's application is not the facade's to show, in any way it can be asked for.
    assert kiosk_reference not in listed
    assert home not in listed
    assert "1100-048" not in listed
    assert by_kiosk_id.status_code == 404
    assert kiosk_in_list == []
    assert kiosk_token.status_code == 404
    # A collection at someone's door, even reported through Open311, is never listed and never shows where.
    assert collection_id not in listed
    assert door not in listed
    assert waste == []
    assert by_collection_id.status_code == 200
    [entry] = by_collection_id.json()
    assert entry["service_code"] == "BULKY-WASTE"
    assert entry["status"] == "open"
    assert (entry["address"], entry["zipcode"], entry["lat"], entry["long"]) == ("", "", "", "")
    assert door not in by_collection_id.text
    assert "1200-195" not in by_collection_id.text
    # A report of a public place is what the facade is for.
    assert pothole_id in listed
    assert street in listed


def test_discovery_names_the_portal_not_the_host_a_client_sent(portal: RunningPortal) -> None:
    forged = httpx.get(f"{portal.url}/open311/v2/discovery.json", headers={"Host": "attacker.example"})
    assert forged.status_code == 200
    [endpoint] = forged.json()["endpoints"]
    assert "attacker" not in forged.text
    assert endpoint["url"] == f"{portal.url}/open311/v2/"


def test_discovery_names_the_configured_public_url(tmp_path: Path) -> None:
    """The same application a worker serves, in process: discovery needs neither the database nor a socket."""
    settings = PortalSettings(
        database_url=f"sqlite:///{tmp_path / 'unused.db'}", public_url="https://portal.example.gov.pt/"
    )

    async def ask() -> tuple[httpx.Response, httpx.Response]:
        transport = httpx.ASGITransport(app=create_app(settings))
        async with httpx.AsyncClient(transport=transport, base_url="http://attacker.example") as client:
            return await client.get("/open311/v2/discovery.json"), await client.get("/open311/v2/discovery.xml")

    as_json, as_xml = asyncio.run(ask())
    assert as_json.json()["endpoints"][0]["url"] == "https://portal.example.gov.pt/open311/v2/"
    assert b"<url>https://portal.example.gov.pt/open311/v2/</url>" in as_xml.content
    assert "attacker" not in as_json.text + as_xml.text


def count_listed(portal: RunningPortal, marker: str) -> int:
    listed = httpx.get(f"{open311(portal)}/requests.json", params={"service_code": "REPORT-PROBLEM"}).json()
    return sum(1 for entry in listed if entry["description"] == marker)


def test_a_retried_post_is_the_same_request(portal: RunningPortal) -> None:
    marker = f"Lamp out {secrets.token_hex(4)}"
    fields = {"lat": "38.7139", "long": "-9.1394", "description": marker, "attribute[category]": "street-light"}
    first = request_id(report(portal, fields))
    retried = request_id(report(portal, fields))
    assert retried == first
    assert count_listed(portal, marker) == 1
    # Another report (any argument differs) is another request.
    other = request_id(report(portal, {**fields, "lat": "38.7140"}))
    assert other != first


def test_a_clients_idempotency_key_decides_what_a_retry_is(portal: RunningPortal) -> None:
    marker = f"Graffiti {secrets.token_hex(4)}"
    fields = {"address_string": "Rua Augusta 12", "description": marker, "attribute[category]": "graffiti"}
    key = {"Idempotency-Key": idempotency_key()}
    first = request_id(report(portal, fields, headers=key))
    again = request_id(report(portal, fields, headers=key))
    reused = report(portal, {**fields, "description": "something else"}, headers=key)
    second_report = request_id(report(portal, fields, headers={"Idempotency-Key": idempotency_key()}))
    bad_key = report(portal, fields, headers={"Idempotency-Key": "short"})
    assert again == first
    assert second_report != first
    assert count_listed(portal, marker) == 2
    assert reused.status_code == 409
    assert reused.json()[0]["code"] == 409
    assert bad_key.status_code == 400
    assert "Idempotency-Key" in bad_key.json()[0]["description"]


def test_characters_xml_forbids_never_make_the_xml_invalid(portal: RunningPortal) -> None:
    """A description with C0 controls and U+FFFF is storable text, so the API takes it; the XML answers carry it
    as U+FFFD in its place and an XML parser (expat) reads them."""
    from xml.etree import ElementTree as ET

    tag = secrets.token_hex(3)
    description = f"pothole {tag}\x01 beside\x0b the\x1f bench\uffff\ttab kept"
    made = report(
        portal, {"address_string": f"Largo {tag}", "description": description, "attribute[category]": "pothole"}
    )
    reference = request_id(made)
    base = open311(portal)
    for url in (f"{base}/requests.xml", f"{base}/requests/{reference}.xml"):
        answer = httpx.get(url, timeout=10)
        assert answer.status_code == 200, answer.text
        document = ET.fromstring(answer.content)  # raises on invalid XML
        [shown] = [
            element.text for element in document.iter("description") if element.text and tag in element.text
        ]
        assert shown == f"pothole {tag}\ufffd beside\ufffd the\ufffd bench\ufffd\ttab kept"
    assert made.json()  # the JSON facade answered as well


def test_rows_stored_before_the_guard_still_make_valid_xml() -> None:
    """A legacy row may hold a NUL or a lone surrogate (the guard refuses them at the door today)."""
    from xml.etree import ElementTree as ET

    from portal.open311 import to_xml

    body = to_xml("service_requests", "request", [{"description": "old\x00row\ud800\ufffe end"}])
    [element] = ET.fromstring(body).iter("description")
    assert element.text == "old\ufffdrow\ufffd\ufffd end"
