"""A new permanent-certificate access code on request (docs/portal.md, "A new company code").

A company paid later (here: cash settled by a clerk, standing in for the Multibanco network) has a code nobody
kept. A partner, or the person who registered it for the partners, signed in with the citizen card at a kiosk
or at a counter, gets a new one: shown in that answer alone (and in a retry of it, under the same
Idempotency-Key), only its digest stored, the old code dead, the request audited. Anyone else gets the same 403
whether the NIPC exists or not. Both backends.
"""

from __future__ import annotations

import re
from typing import Any

import httpx

from portal.content.demo_people import DEMO_PEOPLE
from portal.security import code_digest
from tests.journey.test_company_papers import company_answers
from tests.portal.conftest import RunningPortal, idempotency_key
from tests.portal.sessions import signed_in, staff_signed_in
from tests.portal.test_hardening_trust import audit_events, query

SERVICE = "COMPANY-ON-THE-SPOT"
LABEL = "Permanent certificate access code"
CODE = re.compile(r"^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$")
NOBODY_S_NIPC = "599999990"
"""A valid NIPC no company has."""


def ask(client: httpx.Client, nipc: str, key: str | None) -> httpx.Response:
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(f"/v1/companies/{nipc}/certificate-code", headers=headers)


def registered_paid_later(portal: RunningPortal, citizen: str) -> tuple[str, str]:
    """A company applied for by this citizen as the partners' representative (partners: Maria and another),
    left to pay by Multibanco and settled later without them: (its NIPC, the code only the settler saw)."""
    with signed_in(portal, citizen) as client:
        names = client.get("/v1/companies/firm-names").json()
        made = client.post(
            "/v1/applications",
            json={"service_code": SERVICE, "answers": company_answers(names[0]["value"])},
            headers={"Idempotency-Key": idempotency_key()},
        )
        assert made.status_code == 201, made.text
        assert made.json()["status"] == "awaiting_payment"
        payment = made.json()["payment"]["id"]
    with staff_signed_in(portal, "clerk") as clerk:
        settled = clerk.post(f"/v1/payments/{payment}/settle", json={"method": "cash"})
    assert settled.status_code == 200, settled.text
    [document] = settled.json()["documents"]
    return document["fields"]["NIPC"], document["other_codes"][LABEL]


def stored_digest(portal: RunningPortal, nipc: str) -> str:
    [(digest,)] = query(
        portal.database_url, "SELECT certificate_code_hash FROM companies WHERE nipc = :n", n=nipc
    )
    return str(digest)


def person_id(portal: RunningPortal, citizen: str) -> str:
    tax_id = next(person.tax_id for person in DEMO_PEOPLE if person.key == citizen)
    [(found,)] = query(portal.database_url, "SELECT id FROM people WHERE tax_id = :t", t=tax_id)
    return str(found)


def refusal_body(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 403, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    body.pop("instance")  # the path, which holds the NIPC asked for
    return body


def test_a_partner_gets_a_new_code_once_and_the_old_one_stops_working(portal: RunningPortal) -> None:
    nipc, old_code = registered_paid_later(portal, "joao")
    assert stored_digest(portal, nipc) == code_digest(old_code)
    key = idempotency_key()
    with signed_in(portal, "maria") as maria:  # a partner, who did not apply
        first = ask(maria, nipc, key)
        assert first.status_code == 201, first.text
        answer = first.json()
        assert answer["nipc"] == nipc
        assert answer["label"] == LABEL
        assert answer["company_name"]
        code = answer["code"]
        assert CODE.match(code), code
        assert code != old_code
        digest = stored_digest(portal, nipc)
        assert digest == code_digest(code), "the new code's digest replaced the old one"
        assert digest != code_digest(old_code), "the old code no longer matches"

        retry = ask(maria, nipc, key)
        assert retry.status_code == 201
        assert retry.content == first.content, "a retry gets the first answer, the same code"
        assert stored_digest(portal, nipc) == digest, "a retry mints nothing"

        other_company = ask(maria, "509999999", key)
        assert other_company.status_code == 409, "the same key for another request"

    # The plain code is nowhere in the database: not in the company, the kept answer or the audit trail.
    for table in ("companies", "idempotency_records", "audit_events"):
        assert code not in repr(query(portal.database_url, f"SELECT * FROM {table}")), table
    events = [e for e in audit_events(portal, action="company.certificate_code") if e["object_ref"] == nipc]
    assert [(e["purpose"], e["subject_person_id"]) for e in events] == [
        ("new permanent-certificate code", person_id(portal, "maria"))
    ]


def test_the_representative_who_registered_it_may_ask_and_so_may_a_counter_on_a_partner_s_behalf(
    portal: RunningPortal,
) -> None:
    nipc, _old = registered_paid_later(portal, "joao")  # João is not among the partners
    with signed_in(portal, "joao") as joao:
        by_representative = ask(joao, nipc, idempotency_key())
    assert by_representative.status_code == 201, by_representative.text
    with signed_in(portal, "maria", token=portal.counter_token) as counter:
        at_counter = ask(counter, nipc, idempotency_key())
    assert at_counter.status_code == 201, at_counter.text
    assert at_counter.json()["code"] != by_representative.json()["code"]
    assert stored_digest(portal, nipc) == code_digest(at_counter.json()["code"]), "the newest code counts"
    channels = [
        e["channel"]
        for e in audit_events(portal, action="company.certificate_code")
        if e["object_ref"] == nipc and e["purpose"] != "refused"
    ]
    assert sorted(channels) == ["counter", "kiosk"], "each new code audited, with where it was asked for"


def test_anyone_else_is_refused_alike_for_a_company_that_exists_and_one_that_does_not(
    portal: RunningPortal,
) -> None:
    nipc, old_code = registered_paid_later(portal, "joao")
    with signed_in(portal, "ines") as ines:  # neither a partner nor the applicant
        existing = refusal_body(ask(ines, nipc, idempotency_key()))
        missing = refusal_body(ask(ines, NOBODY_S_NIPC, idempotency_key()))
    assert existing == missing, "the refusal says nothing about whether the NIPC is registered"
    assert existing["type"].endswith("/company-code-refused")
    assert "partner" in existing["detail"]
    assert stored_digest(portal, nipc) == code_digest(old_code), "a refusal changes nothing"
    with signed_in(portal, "ines") as ines_pt:
        ines_pt.headers["Accept-Language"] = "pt"
        worded = refusal_body(ask(ines_pt, nipc, idempotency_key()))
    assert "sócio" in worded["detail"]
    refused = [e for e in audit_events(portal, action="company.certificate_code") if e["purpose"] == "refused"]
    assert {e["object_ref"] for e in refused} >= {nipc, NOBODY_S_NIPC}


def test_without_a_citizen_session_or_a_key_nothing_is_made(portal: RunningPortal) -> None:
    nipc, old_code = registered_paid_later(portal, "joao")
    with portal.kiosk() as kiosk:
        anonymous = ask(kiosk, nipc, idempotency_key())
    assert anonymous.status_code == 401, anonymous.text
    with signed_in(portal, "maria") as maria:
        assert ask(maria, nipc, None).status_code == 400
        assert ask(maria, "5099", idempotency_key()).status_code == 422
    assert stored_digest(portal, nipc) == code_digest(old_code)


def test_migration_0013_finds_who_registered_a_company_from_its_registration_document(
    portal: RunningPortal,
) -> None:
    """The company keeps who registered it; a company registered before the column existed gets it back from
    its registration document when the database is upgraded. The seeded company, registered elsewhere, has
    nobody."""
    import asyncio

    from alembic import command
    from sqlalchemy import Connection

    from portal.db import create_engine
    from portal.migrate import alembic_config, upgrade_database
    from portal.seed import DEMO_COMPANY_NIPC

    nipc, _code = registered_paid_later(portal, "joao")
    registrants = "SELECT nipc, registered_by FROM companies WHERE nipc IN (:made, :seeded) ORDER BY nipc"
    expected = sorted([(nipc, person_id(portal, "joao")), (DEMO_COMPANY_NIPC, None)])
    assert sorted(query(portal.database_url, registrants, made=nipc, seeded=DEMO_COMPANY_NIPC)) == expected

    def back_to_0012(connection: Connection) -> None:
        command.downgrade(alembic_config(connection), "0012")

    async def downgrade() -> None:
        engine = create_engine(portal.database_url)
        try:
            async with engine.begin() as connection:
                await connection.run_sync(back_to_0012)
        finally:
            await engine.dispose()

    asyncio.run(downgrade())
    columns = query(portal.database_url, "SELECT * FROM companies WHERE nipc = :n", n=nipc)
    assert person_id(portal, "joao") not in repr(columns), "0012 keeps no registrant"
    asyncio.run(upgrade_database(portal.database_url))
    assert sorted(query(portal.database_url, registrants, made=nipc, seeded=DEMO_COMPANY_NIPC)) == expected
