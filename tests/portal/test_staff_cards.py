"""A clerk signs in at a counter with their own card and PIN, on SQLite and PostgreSQL under uvicorn: the card's
signature and chain checked as a citizen's, the card linked to a staff account (by digest only), an unknown
card refused in plain words, and both recorded in the audit."""

from __future__ import annotations

import asyncio
import base64
import subprocess
import sys

import httpx

from portal.seed import DEMO_CLERK_CARD
from tests.portal.conftest import REPO, RunningPortal
from tests.portal.sessions import card_answer, challenge, staff_signed_in


def card_sign_in(client: httpx.Client, citizen: str) -> httpx.Response:
    issued = challenge(client)
    answer = card_answer(citizen, base64.b64decode(issued["challenge"]))
    return client.post("/v1/auth/staff/card-session", json={"challenge_id": issued["challenge_id"], **answer})


def audit_rows(database_url: str, action: str) -> list[tuple[str, str]]:
    """(actor, purpose) of every audit event with this action, straight from the database."""
    from sqlalchemy import select

    from portal.db import create_engine, session_factory
    from portal.models import AuditEvent

    async def read() -> list[tuple[str, str]]:
        engine = create_engine(database_url)
        try:
            async with session_factory(engine)() as db:
                rows = await db.execute(
                    select(AuditEvent.actor, AuditEvent.purpose).where(AuditEvent.action == action)
                )
                return [(str(actor), str(detail)) for actor, detail in rows]
        finally:
            await engine.dispose()

    return asyncio.run(read())


def test_the_demo_clerks_card_signs_her_in_with_her_roles(portal: RunningPortal) -> None:
    with portal.client(portal.counter_token) as counter:
        response = card_sign_in(counter, "ines")
        assert response.status_code == 201, response.text
        body = response.json()
        me = counter.get("/v1/staff/me", headers={"X-Session-Token": body["session_token"]})
    assert body["kind"] == "staff"
    assert body["role"] == "clerk"
    assert me.status_code == 200
    assert me.json()["username"] == "clerk"
    assert me.json()["roles"] == ["clerk"]
    logins = audit_rows(portal.database_url, "login")
    assert (f"staff:{me.json()['staff_id']}", "staff card login") in logins


def test_a_card_linked_to_nobody_is_refused_in_plain_words_and_audited(portal: RunningPortal) -> None:
    with portal.client(portal.counter_token) as counter:
        response = card_sign_in(counter, "maria")
    assert response.status_code == 401
    assert response.json()["detail"].startswith("This card is not linked to a clerk account.")
    assert "12345678" not in response.text
    refused = [detail for _actor, detail in audit_rows(portal.database_url, "login.refused")]
    assert "staff card login: not linked" in refused


def test_only_a_counter_signs_staff_in_by_card(portal: RunningPortal) -> None:
    with portal.kiosk() as kiosk:
        response = card_sign_in(kiosk, "ines")
    assert response.status_code == 403


def test_a_card_a_supervisor_links_opens_that_account_and_only_a_digest_is_kept(portal: RunningPortal) -> None:
    from kiosk.card.emulator.citizens import find_citizen

    civil_id = next(person.civil_id for person in _people() if person.key == "joao")
    command = [sys.executable, "-m", "portal.cli", "link-card", "--db", portal.database_url, "--username"]
    linked = subprocess.run(
        [*command, "supervisor", "--document-number", civil_id], cwd=REPO, capture_output=True, text=True
    )
    assert linked.returncode == 0, linked.stderr
    assert civil_id not in linked.stdout
    try:
        with portal.client(portal.counter_token) as counter:
            response = card_sign_in(counter, "joao")
        assert response.status_code == 201, response.text
        assert response.json()["role"] == "supervisor"
        assert civil_id not in _stored_links(portal.database_url)
        assert find_citizen("joao").surname  # the card really is the emulator's João
    finally:
        removed = subprocess.run([*command, "supervisor", "--remove"], cwd=REPO, capture_output=True, text=True)
        assert removed.returncode == 0, removed.stderr
    with portal.client(portal.counter_token) as counter:
        assert card_sign_in(counter, "joao").status_code == 401


def test_link_card_says_plainly_what_is_wrong(portal: RunningPortal) -> None:
    command = [sys.executable, "-m", "portal.cli", "link-card", "--db", portal.database_url]
    nobody = subprocess.run(
        [*command, "--username", "nobody", "--document-number", "23456789"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    garbage = subprocess.run(
        [*command, "--username", "clerk", "--document-number", "abc"], cwd=REPO, capture_output=True, text=True
    )
    assert nobody.returncode == 2
    assert "no staff account 'nobody'" in nobody.stderr
    assert garbage.returncode == 2
    assert "not a civil id" in garbage.stderr
    assert "Traceback" not in nobody.stderr + garbage.stderr


def test_password_sign_in_still_works_beside_the_card(portal: RunningPortal) -> None:
    with staff_signed_in(portal, "clerk") as clerk:
        assert clerk.get("/v1/staff/me").json()["username"] == "clerk"
    assert next(person.civil_id for person in _people() if person.key == "ines") == DEMO_CLERK_CARD


def _people() -> tuple[object, ...]:
    from portal.content.demo_people import DEMO_PEOPLE

    return DEMO_PEOPLE


def _stored_links(database_url: str) -> str:
    from sqlalchemy import select

    from portal.db import create_engine, session_factory
    from portal.models import StaffCard

    async def read() -> str:
        engine = create_engine(database_url)
        try:
            async with session_factory(engine)() as db:
                rows = await db.scalars(select(StaffCard))
                return " ".join(f"{row.card_digest} {row.staff_id} {row.linked_by}" for row in rows)
        finally:
            await engine.dispose()

    return asyncio.run(read())
