"""Payment groups on SQLite and PostgreSQL under uvicorn: one Multibanco reference for several fees, settled
once for every member, a retry answered the same, and members that cannot join refused by name."""

from __future__ import annotations

import httpx

from portal.checkdigits import multibanco_reference_is_valid
from tests.portal.conftest import RunningPortal, idempotency_key
from tests.portal.sessions import signed_in, staff_signed_in

BIRTH: tuple[str, dict[str, object]] = ("BIRTH-CERT", {"whose": "self", "purpose": "school"})
RECORD: tuple[str, dict[str, object]] = (
    "CRIMINAL-RECORD",
    {"purpose": "employment", "employer_nif": "500745749"},
)


def submit(client: httpx.Client, service: tuple[str, dict[str, object]]) -> dict[str, object]:
    response = client.post(
        "/v1/applications",
        json={"service_code": service[0], "answers": service[1]},
        headers={"Idempotency-Key": idempotency_key()},
    )
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    assert body["status"] == "awaiting_payment"
    return body


def group(client: httpx.Client, references: list[str], key: str | None = None) -> httpx.Response:
    return client.post(
        "/v1/payment-groups",
        json={"references": references},
        headers={"Idempotency-Key": key or idempotency_key()},
    )


def fee(application: dict[str, object]) -> int:
    payment = application["payment"]
    assert isinstance(payment, dict)
    return int(payment["amount_cents"])


def test_one_reference_for_three_fees_settled_once_for_all(portal: RunningPortal) -> None:
    with signed_in(portal, "maria") as citizen:
        made = [submit(citizen, service) for service in (BIRTH, RECORD, RECORD)]
        references = [str(application["reference"]) for application in made]
        key = idempotency_key()
        first = group(citizen, references, key)
        retry = group(citizen, references, key)
    assert first.status_code == 201, first.text
    joint = first.json()
    assert retry.status_code == 201
    assert retry.json() == joint
    assert joint["amount_cents"] == sum(fee(application) for application in made)
    assert joint["applications"] == references
    assert joint["status"] == "pending"
    assert multibanco_reference_is_valid(joint["entity"], joint["reference"], joint["amount_cents"])
    assert joint["reference"] not in {application["payment"]["reference"] for application in made}  # type: ignore[index]

    with staff_signed_in(portal, "clerk") as clerk:
        found = clerk.get(
            "/v1/payment-groups", params={"entity": joint["entity"], "reference": joint["reference"]}
        )
        settled = clerk.post(f"/v1/payment-groups/{joint['id']}/settle", json={"method": "cash"})
        again = clerk.post(f"/v1/payment-groups/{joint['id']}/settle", json={"method": "cash"})
        one_member = clerk.post(f"/v1/payments/{made[0]['payment']['id']}/settle", json={"method": "cash"})  # type: ignore[index]
        history = [clerk.get(f"/v1/applications/{reference}").json()["history"] for reference in references]
    assert found.status_code == 200, found.text
    assert [item["status"] for item in found.json()["applications"]] == ["awaiting_payment"] * 3
    assert settled.status_code == 200, settled.text
    body = settled.json()
    assert body["group"]["status"] == "paid"
    assert body["group"]["method"] == "cash"
    assert [item["reference"] for item in body["applications"]] == references
    for application in body["applications"]:
        assert application["status"] == "completed"
        assert application["payment"]["status"] == "paid"
        [document] = application["documents"]
        assert document["access_code"]  # shown this once
    # A retry (or a second counter) gets the group as it stands: nothing settled twice, no codes again.
    assert again.status_code == 200
    assert again.json()["group"]["status"] == "paid"
    assert all(item["documents"][0]["access_code"] is None for item in again.json()["applications"])
    assert all(len(item["documents"]) == 1 for item in again.json()["applications"])
    assert one_member.json()["documents"][0]["access_code"] is None
    for events in history:
        assert [event["status"] for event in events].count("completed") == 1


def test_members_that_cannot_join_are_refused_by_name(portal: RunningPortal) -> None:
    with signed_in(portal, "joao") as citizen:
        paid, pending, other = (submit(citizen, service) for service in (BIRTH, RECORD, RECORD))
        citizen.post(f"/v1/payments/{paid['payment']['id']}/settle", json={"method": "card"})  # type: ignore[index]
        refused = group(citizen, [str(paid["reference"]), str(pending["reference"]), "2026-ZZZZ-ZZZZ"])
        repeated = group(citizen, [str(pending["reference"]), str(pending["reference"])])
        alone = group(citizen, [str(pending["reference"])])
        made = group(citizen, [str(pending["reference"]), str(other["reference"])])
        taken = group(citizen, [str(other["reference"]), str(pending["reference"])])
    with signed_in(portal, "maria") as stranger:
        foreign = group(stranger, [str(pending["reference"]), str(other["reference"])])
    assert refused.status_code == 422
    errors = {error["field"]: error["message"] for error in refused.json()["errors"]}
    assert set(errors) == {"references.0", "references.2"}
    assert str(paid["reference"]) in errors["references.0"]
    assert "not waiting" in errors["references.0"]
    assert "2026-ZZZZ-ZZZZ" in errors["references.2"]
    assert repeated.status_code == 422
    assert repeated.json()["errors"][0]["field"] == "references.1"
    assert alone.status_code == 422
    assert made.status_code == 201, made.text
    assert taken.status_code == 422
    assert {error["field"] for error in taken.json()["errors"]} == {"references.0", "references.1"}
    assert foreign.status_code == 422  # another person's applications are unknown to them


def test_a_member_paid_on_its_own_stops_the_joint_settlement_whole(portal: RunningPortal) -> None:
    with signed_in(portal, "ines") as citizen:
        first, second = submit(citizen, BIRTH), submit(citizen, RECORD)
        joint = group(citizen, [str(first["reference"]), str(second["reference"])]).json()
        citizen.post(f"/v1/payments/{second['payment']['id']}/settle", json={"method": "card"})  # type: ignore[index]
        refused = citizen.post(f"/v1/payment-groups/{joint['id']}/settle", json={"method": "card"})
        as_cash = citizen.post(f"/v1/payment-groups/{joint['id']}/settle", json={"method": "cash"})
        first_now = citizen.get(f"/v1/applications/{first['reference']}").json()
    assert refused.status_code == 409
    assert refused.json()["application"] == second["reference"]
    assert str(second["reference"]) in refused.json()["detail"]
    assert first_now["status"] == "awaiting_payment"  # all or none: the first was not settled either
    assert as_cash.status_code == 403


def test_the_card_payment_of_a_group_completes_every_member_at_its_kiosk(portal: RunningPortal) -> None:
    with signed_in(portal, "maria") as citizen:
        made = [submit(citizen, service) for service in (BIRTH, RECORD)]
        joint = group(citizen, [str(application["reference"]) for application in made]).json()
        with portal.client(portal.counter_token) as counter:
            elsewhere = counter.post(f"/v1/payment-groups/{joint['id']}/settle", json={"method": "card"})
        paid = citizen.post(f"/v1/payment-groups/{joint['id']}/settle", json={"method": "card"})
    with signed_in(portal, "joao") as next_person:
        not_theirs = next_person.post(f"/v1/payment-groups/{joint['id']}/settle", json={"method": "card"})
    assert elsewhere.status_code == 403
    assert paid.status_code == 200, paid.text
    assert [item["status"] for item in paid.json()["applications"]] == ["completed", "completed"]
    assert not_theirs.status_code == 404


def test_racing_groups_over_the_same_fees_make_one_and_never_a_server_error(portal: RunningPortal) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with signed_in(portal, "joao") as citizen:
        references = [str(submit(citizen, service)["reference"]) for service in (BIRTH, RECORD)]
        with ThreadPoolExecutor(max_workers=6) as pool:
            answers = list(pool.map(lambda _: group(citizen, references), range(6)))
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses.count(201) == 1, [answer.text for answer in answers]
    assert set(statuses) <= {201, 409, 422}
