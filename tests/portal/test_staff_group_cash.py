"""Cash for a payment group at the counter, on SQLite and PostgreSQL under uvicorn: the clerk finds the group by
its reference or by one of the citizen's applications, sees each fee and the total, takes the cash with change,
and the drawer counts the whole group once."""

from __future__ import annotations

from typing import Any

import httpx

from tests.portal.conftest import RunningPortal
from tests.portal.sessions import signed_in, staff_signed_in
from tests.portal.test_payment_groups import BIRTH, RECORD, fee, group, submit


def bundle(portal: RunningPortal, citizen: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Two applications awaiting payment and the group made for them at the kiosk."""
    with signed_in(portal, citizen) as client:
        made = [submit(client, service) for service in (BIRTH, RECORD)]
        made_group = group(client, [str(application["reference"]) for application in made])
    assert made_group.status_code == 201, made_group.text
    return made, made_group.json()


def drawer_row(clerk: httpx.Client) -> dict[str, int]:
    me = clerk.get("/v1/staff/me").json()["staff_id"]
    rows = {row["staff_id"]: row for row in clerk.get("/v1/staff/drawer").json()["clerks"]}
    return rows.get(me, {"payments": 0, "cash_cents": 0, "tendered_cents": 0, "change_cents": 0})


def test_a_bundle_is_found_paid_in_cash_with_change_and_counted_once(portal: RunningPortal) -> None:
    made, joint = bundle(portal, "ines")
    references = [str(application["reference"]) for application in made]
    total = sum(fee(application) for application in made)
    with staff_signed_in(portal, "clerk") as clerk:
        by_reference = clerk.get("/v1/staff/payment-groups", params={"reference": joint["reference"]})
        by_item = clerk.get("/v1/staff/payment-groups", params={"application": references[1:]})
        before = drawer_row(clerk)
        url = f"/v1/staff/payment-groups/{joint['id']}/cash"
        short = clerk.post(url, json={"tendered_cents": total - 1}, headers={"Accept-Language": "en"})
        settled = clerk.post(url, json={"tendered_cents": total + 250})
        again = clerk.post(url, json={"tendered_cents": total + 250})
        other_amount = clerk.post(url, json={"tendered_cents": total + 500})
        after = drawer_row(clerk)
    assert by_reference.status_code == 200, by_reference.text
    [found] = by_reference.json()
    assert by_item.json() == [found]
    assert found["amount_cents"] == total
    assert found["status"] == "pending"
    assert [item["application_reference"] for item in found["items"]] == references
    assert [item["amount_cents"] for item in found["items"]] == [fee(application) for application in made]
    assert short.status_code == 422
    assert "less than the amount due" in short.json()["errors"][0]["message"]
    assert settled.status_code == 200, settled.text
    body = settled.json()
    assert (body["amount_cents"], body["tendered_cents"], body["change_cents"]) == (total, total + 250, 250)
    assert [line["application_reference"] for line in body["receipt"]["lines"]] == references
    assert body["receipt"]["number"] == f"{joint['entity']} {joint['reference']}"
    assert body["receipt"]["clerk"] == "Ana Balcão"
    assert all(application["status"] == "completed" for application in body["applications"])
    assert all(
        document["access_code"] for application in body["applications"] for document in application["documents"]
    )
    assert again.status_code == 200
    assert again.json()["change_cents"] == 250
    assert other_amount.status_code == 409
    assert after["payments"] == before["payments"] + 1, "a group is one handover of cash"
    assert after["cash_cents"] == before["cash_cents"] + total
    assert after["tendered_cents"] == before["tendered_cents"] + total + 250
    assert after["change_cents"] == before["change_cents"] + 250


def test_group_lookups_need_a_clerk_and_a_known_group(portal: RunningPortal) -> None:
    with staff_signed_in(portal, "clerk") as clerk:
        nothing = clerk.get("/v1/staff/payment-groups", params={"reference": "000000000"})
        missing = clerk.post("/v1/staff/payment-groups/no-such-group/cash", json={"tendered_cents": 100})
        bad = clerk.get("/v1/staff/payment-groups", params={"reference": "12"})
    with portal.kiosk() as kiosk:
        refused = kiosk.get("/v1/staff/payment-groups", params={"reference": "000000000"})
    assert nothing.json() == []
    assert missing.status_code == 404
    assert bad.status_code == 422
    assert refused.status_code in (401, 403)
