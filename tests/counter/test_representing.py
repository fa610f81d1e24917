"""Acting for a minor or a company, against the reference portal under uvicorn: a counter's submission keeps
who the citizen acts for with the application (read back from the portal's database); a kiosk cannot claim it
and a company needs a valid NIPC, each refused with a 4xx naming the field."""

from __future__ import annotations

import json
import sqlite3
import uuid

import pytest

from kiosk.client import PortalClient, PortalError
from kiosk.client.outbox import encode_body
from portal.content.demo_people import DEMO_COMPANY_NIPC, DEMO_COUNTER_TOKEN, DEMO_KIOSK_TOKEN
from tests.portal.conftest import RunningPortal

REPORT = {"category": "pothole", "location": "Rua Direita 10, Lisboa"}


def kept_representation(portal: RunningPortal, reference: str) -> object:
    """What the portal stored with the application's answers (its SQLite file, read directly)."""
    with sqlite3.connect(portal.database_url.removeprefix("sqlite:///")) as db:
        (answers,) = db.execute("SELECT answers FROM applications WHERE reference = ?", (reference,)).fetchone()
    return json.loads(answers).get("_representing")


async def submit(portal: RunningPortal, token: str, representing: dict[str, str] | None) -> str:
    client = PortalClient(portal.url, token)
    try:
        body = encode_body("REPORT-PROBLEM", REPORT, representing)
        submission = await client.submit_body(body, idempotency_key=uuid.uuid4().hex, language="en")
    finally:
        await client.aclose()
    return submission.reference


async def test_a_counter_keeps_who_the_citizen_acts_for(shared_portal: RunningPortal) -> None:
    company = await submit(
        shared_portal, DEMO_COUNTER_TOKEN, {"kind": "company", "identifier": DEMO_COMPANY_NIPC}
    )
    minor = await submit(shared_portal, DEMO_COUNTER_TOKEN, {"kind": "minor", "identifier": "  Rita   Sousa "})
    themselves = await submit(shared_portal, DEMO_COUNTER_TOKEN, None)
    assert kept_representation(shared_portal, company) == {"kind": "company", "identifier": DEMO_COMPANY_NIPC}
    assert kept_representation(shared_portal, minor) == {"kind": "minor", "identifier": "Rita Sousa"}
    assert kept_representation(shared_portal, themselves) is None


@pytest.mark.parametrize(
    ("token", "representing", "field"),
    [
        (DEMO_KIOSK_TOKEN, {"kind": "minor", "identifier": "Rita Sousa"}, "representing"),
        (DEMO_COUNTER_TOKEN, {"kind": "company", "identifier": "123456780"}, "representing.identifier"),
        (DEMO_COUNTER_TOKEN, {"kind": "guardian", "identifier": "Rita Sousa"}, "representing.kind"),
        (DEMO_COUNTER_TOKEN, {"kind": "minor", "identifier": "R"}, "representing.identifier"),
    ],
)
async def test_a_claim_the_portal_cannot_take_is_refused_naming_the_field(
    shared_portal: RunningPortal, token: str, representing: dict[str, str], field: str
) -> None:
    with pytest.raises(PortalError) as refused:
        await submit(shared_portal, token, representing)
    assert refused.value.status == 422
    fields = [str(error.get("field")) for error in refused.value.problem.get("errors") or ()]
    assert field in fields, refused.value.problem
