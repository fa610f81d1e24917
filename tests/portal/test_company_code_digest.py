"""Issue 15 item 4, the company on the spot: its permanent-certificate access code is given once and kept
only as a digest. The plain code is in the answer that issues it (and a retry of that answer, under the same
Idempotency-Key), never in the database: not in the document's fields, not in its seal, not in a later view
and not readable in the answer kept for a retry. Every table and every column of the database is read back, as
someone holding a copy of it would, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import inspect

from kiosk.seal import read_seal_unverified
from portal.security import normalise_code
from tests.journey.test_company_papers import company_answers
from tests.portal.conftest import BACKENDS, RunningPortal, database, idempotency_key, start_portal, stop_portal
from tests.portal.sessions import signed_in

SERVICE = "COMPANY-ON-THE-SPOT"
LABEL = "Permanent certificate access code"


@pytest.fixture(scope="module", params=BACKENDS)
def portal(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningPortal]:
    """A portal of this module's own, not the session's: the test sets the company's fee to nothing."""
    folder = tmp_path_factory.mktemp(f"company-code-{request.param}")
    with database(request.param, folder) as url:
        running = start_portal(url, folder, "--login-rate-per-minute", "100000")
        try:
            yield running
        finally:
            stop_portal(running)


def database_dump(database_url: str) -> str:
    """Every row of every table, every column, as text."""
    import asyncio

    from portal.db import create_engine

    async def run() -> str:
        engine = create_engine(database_url)
        try:
            async with engine.connect() as connection:
                tables = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
                assert "documents" in tables
                assert "companies" in tables
                assert "idempotency_records" in tables
                rows: list[str] = []
                for table in tables:
                    result = await connection.exec_driver_sql(f'SELECT * FROM "{table}"')
                    rows.extend(f"{table}: {tuple(row)!r}" for row in result.all())
                return "\n".join(rows)
        finally:
            await engine.dispose()

    return asyncio.run(run())


def free_company(client: httpx.Client) -> dict[str, Any]:
    """The answers of a company with a firm name still free."""
    names = client.get("/v1/companies/firm-names")
    assert names.status_code == 200, names.text
    return company_answers(names.json()[0]["value"])


def submit(client: httpx.Client, key: str, answers: dict[str, Any]) -> httpx.Response:
    return client.post(
        "/v1/applications", json={"service_code": SERVICE, "answers": answers}, headers={"Idempotency-Key": key}
    )


def assert_nowhere_but_in_answers(portal: RunningPortal, client: httpx.Client, first: dict[str, Any]) -> str:
    """The code the first answer gave, checked absent from the database, the seal and a later view."""
    [document] = first["documents"]
    code = document["other_codes"][LABEL]
    assert len(code) == 14
    assert document["access_code"]
    assert code not in json.dumps(document["fields"], ensure_ascii=False)
    assert "a new code" in document["fields"][LABEL]  # where a new one comes from, in the code's place
    sealed = read_seal_unverified(document["seal"])
    assert sealed.fields == document["fields"], "the seal signs the same fields, without the code"
    later = client.get(f"/v1/applications/{first['reference']}")
    assert later.status_code == 200, later.text
    [again] = later.json()["documents"]
    assert again["access_code"] is None
    assert again["other_codes"] == {}
    assert code not in later.text
    dump = database_dump(portal.database_url)
    assert first["reference"] in dump, "the dump holds the application"
    for secret in (code, normalise_code(code), code.lower(), document["access_code"]):
        assert secret not in dump, f"the plain code {secret!r} is in the database"
    return str(code)


def test_paid_by_card_at_the_kiosk_the_code_is_in_the_settling_answer_only(portal: RunningPortal) -> None:
    with signed_in(portal, "maria") as client:
        made = submit(client, idempotency_key(), free_company(client))
        assert made.status_code == 201, made.text
        assert made.json()["status"] == "awaiting_payment"
        payment = made.json()["payment"]["id"]
        settled = client.post(f"/v1/payments/{payment}/settle", json={"method": "card"})
        assert settled.status_code == 200, settled.text
        assert settled.json()["status"] == "completed"
        assert_nowhere_but_in_answers(portal, client, settled.json())
        repeated = client.post(f"/v1/payments/{payment}/settle", json={"method": "card"})
    assert repeated.status_code == 200
    assert repeated.json()["documents"][0]["other_codes"] == {}, "a repeated settlement gives no codes again"


def make_the_company_free(portal: RunningPortal, client: httpx.Client) -> None:
    """An operator sets the fee to nothing (the catalog is data); wait until this worker's catalog says so."""
    import asyncio

    from sqlalchemy import select

    from portal.db import create_engine, session_factory
    from portal.models import ServiceRow

    async def run() -> None:
        engine = create_engine(portal.database_url)
        try:
            async with session_factory(engine)() as session, session.begin():
                row = await session.scalar(select(ServiceRow).where(ServiceRow.code == SERVICE))
                assert row is not None
                row.definition = {**row.definition, "fee_cents": 0}
        finally:
            await engine.dispose()

    asyncio.run(run())
    deadline = time.monotonic() + 45  # the catalog is cached for 30 s
    while time.monotonic() < deadline:
        detail = client.get(f"/v1/catalog/services/{SERVICE}")
        assert detail.status_code == 200, detail.text
        if not detail.json()["fee"]["amount_cents"]:
            return
        time.sleep(1)
    raise AssertionError("the catalog never showed the new fee")


def test_without_a_fee_the_submission_and_its_retry_give_the_code_and_the_database_never_holds_it(
    portal: RunningPortal,
) -> None:
    key = idempotency_key()
    with signed_in(portal, "maria") as client:
        make_the_company_free(portal, client)
        answers = free_company(client)
        first = submit(client, key, answers)
        assert first.status_code == 201, first.text
        assert first.json()["status"] == "completed"
        code = assert_nowhere_but_in_answers(portal, client, first.json())
        retry = submit(client, key, answers)
        assert retry.status_code == 201
        assert retry.content == first.content, "a retry gets the first answer, code included, byte for byte"
        assert retry.json()["documents"][0]["other_codes"][LABEL] == code
        assert code not in database_dump(portal.database_url), "not after the retry either"
