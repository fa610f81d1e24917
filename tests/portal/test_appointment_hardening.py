"""The appointment book hardened: the holder reference is a keyed digest (a copy of the table cannot be searched
by trying document numbers), the unkeyed ones kept before are cleared by migration 0011, and the check-in
window is a validated portal setting, checked at its very edges (portal/appointments.py driven with explicit
clock times) and through a portal started with its own window."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import hmac
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError

from portal.models import utcnow
from portal.settings import PortalSettings
from tests.portal.conftest import (
    BACKENDS,
    REPO,
    RunningPortal,
    database,
    idempotency_key,
    portal_command,
    start_portal,
    stop_portal,
)
from tests.portal.sessions import staff_signed_in
from tests.portal.test_appointments import book, check_in, soon
from tests.portal.test_queue_api import clerk

__all__ = ["clerk"]  # the fixture
CIVIL_ID = "23456789"


async def _holder_refs(database_url: str, appointment_id: str) -> str | None:
    from sqlalchemy import text

    from portal.db import create_engine

    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            result = await connection.execute(
                text("SELECT holder_ref FROM appointments WHERE id = :id"), {"id": appointment_id}
            )
            value: str | None = result.scalar_one()
            return value
    finally:
        await engine.dispose()


def test_the_stored_holder_reference_is_keyed_and_the_card_still_checks_in(
    portal: RunningPortal, clerk: httpx.Client
) -> None:
    booked = book(clerk, "A", soon(300), document_number=f"{CIVIL_ID} 0 ZZ2")
    stored = asyncio.run(_holder_refs(portal.database_url, str(booked["id"])))
    assert stored is not None
    assert len(stored) == 64  # the column keeps its width
    # What anyone could compute from a guessed number: neither the plain digest nor the old (v1) one.
    assert stored != hashlib.sha256(CIVIL_ID.encode()).hexdigest()
    assert stored != hashlib.sha256(b"appointment holder v1\0" + CIVIL_ID.encode()).hexdigest()
    from portal.security import DEMO_DIGEST_KEY

    # The demo portal's key is the published one (docs/portal.md); a real portal names its own key file.
    expected = hmac.new(DEMO_DIGEST_KEY, b"appointment holder v2\0" + CIVIL_ID.encode(), hashlib.sha256)
    assert stored == expected.hexdigest()
    with portal.kiosk() as kiosk:
        found = check_in(kiosk, document_number=CIVIL_ID)
        assert found.status_code == 201, found.text
        assert found.json()["appointment"]["id"] == booked["id"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_key_finds_only_what_it_digested_and_the_window_holds_at_its_edges(
    backend: str, tmp_path: Path
) -> None:
    from portal import appointments
    from portal.db import create_engine, session_factory
    from portal.migrate import upgrade_database
    from portal.problems import Problem
    from portal.queue import ensure_demo_branch

    key, other_key = b"k" * 32, b"o" * 32
    window = appointments.Window(dt.timedelta(minutes=20), dt.timedelta(minutes=5))
    starts = dt.datetime(2027, 3, 28, 9, 0, tzinfo=dt.UTC)  # 10:00 in Lisbon, the day the clocks went forward
    booked_at = starts - dt.timedelta(days=1)
    second = dt.timedelta(seconds=1)

    async def scenario(url: str) -> list[str]:
        await upgrade_database(url)
        engine = create_engine(url)
        outcomes: list[str] = []
        try:
            async with session_factory(engine)() as db:
                await ensure_demo_branch(db)
                await db.commit()

                async def attempt(now: dt.datetime, by_card: bool = False) -> str:
                    row, _ = await appointments.book(
                        db, "demo", "A", starts, None, holder_key=key, document_number=CIVIL_ID, now=booked_at
                    )
                    if by_card:
                        row = await appointments.by_holder(
                            db, "demo", CIVIL_ID, now, holder_key=key, window=window
                        )
                    try:
                        ticket = await appointments.check_in(
                            db, row, "test-kiosk", idempotency_key(), now=now, window=window
                        )
                    except Problem as problem:
                        return problem.kind
                    return f"ticket {ticket.number}"

                outcomes.append(await attempt(starts - window.early - second))
                outcomes.append(await attempt(starts - window.early))
                outcomes.append(await attempt(starts + window.late))
                outcomes.append(await attempt(starts + window.late + second))
                outcomes.append(await attempt(starts - window.early, by_card=True))
                # Under another key the same number finds nothing (the references are keyed, not just hashed).
                try:
                    await appointments.by_holder(
                        db, "demo", CIVIL_ID, starts, holder_key=other_key, window=window
                    )
                except Problem as problem:
                    outcomes.append(str(problem.status))
        finally:
            await engine.dispose()
        return outcomes

    with database(backend, tmp_path) as url:
        outcomes = asyncio.run(scenario(url))
    assert outcomes == [
        "appointment-too-early",
        "ticket A001",
        "ticket A002",
        "appointment-missed",
        "ticket A003",
        "404",
    ]


def test_the_window_settings_are_validated(tmp_path: Path) -> None:
    url = "sqlite:///unused.db"
    assert PortalSettings(database_url=url).check_in_early_minutes == 30
    assert PortalSettings(database_url=url).check_in_late_minutes == 15
    for wrong in ({"check_in_early_minutes": -1}, {"check_in_late_minutes": 241}):
        with pytest.raises(ValidationError):
            PortalSettings(database_url=url, **wrong)
    with pytest.raises(ValidationError, match="window is empty"):
        PortalSettings(database_url=url, check_in_early_minutes=0, check_in_late_minutes=0)
    short = tmp_path / "short.key"
    short.write_bytes(b"x" * 31)
    with pytest.raises(ValidationError, match="31 bytes"):
        PortalSettings(database_url=url, digest_key_file=short)
    with pytest.raises(ValidationError, match="cannot read"):
        PortalSettings(database_url=url, digest_key_file=tmp_path / "missing.key")
    good = tmp_path / "good.key"
    good.write_bytes(bytes(range(32)))
    assert PortalSettings(database_url=url, digest_key_file=good).digest_key_file == good
    with pytest.raises(ValidationError, match="demo"):
        PortalSettings(database_url=url, digest_key_file=good, demo=True)
    # The operator's command says it in one line.
    refused = subprocess.run(
        portal_command("serve", "--db", url, "--check-in-late-minutes", "-5"),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert refused.returncode == 2
    assert "greater than or equal to 0" in refused.stderr


@pytest.fixture(scope="module")
def narrow_portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningPortal]:
    """A portal of its own whose check-in opens 5 minutes before the start and closes 1 minute after."""
    folder = tmp_path_factory.mktemp("narrow-window")
    with database("sqlite", folder) as url:
        running = start_portal(url, folder, "--check-in-early-minutes", "5", "--check-in-late-minutes", "1")
        try:
            yield running
        finally:
            stop_portal(running)


def test_a_portal_started_with_its_own_window_keeps_to_it(narrow_portal: RunningPortal) -> None:
    with staff_signed_in(narrow_portal, "clerk") as desk:
        rules = desk.get("/v1/queue/appointments/rules")
        assert rules.status_code == 200, rules.text
        assert rules.json() == {
            "branch": "demo",
            "timezone": "Europe/Lisbon",
            "check_in_early_minutes": 5,
            "check_in_late_minutes": 1,
        }
        starts = utcnow().replace(microsecond=0) + dt.timedelta(minutes=10)
        booked = book(desk, "A", starts)
        # Ten minutes ahead is inside the default 30 but outside this portal's 5.
        with narrow_portal.kiosk() as kiosk:
            early = check_in(kiosk, code=str(booked["code"]))
            assert early.status_code == 409, early.text
            assert early.json()["opens_at"] == (starts - dt.timedelta(minutes=5)).isoformat()
            assert kiosk.get("/v1/queue/appointments/rules").status_code == 403


def test_migration_0011_clears_the_unkeyed_references(tmp_path: Path) -> None:
    """A migration cannot key the old references (no civil id is stored, nor the key): it clears them."""
    from alembic import command
    from sqlalchemy import Connection, text

    from portal.db import create_engine
    from portal.migrate import alembic_config, upgrade_database

    url = f"sqlite:///{tmp_path / 'old.db'}"
    old_ref = hashlib.sha256(b"appointment holder v1\0" + CIVIL_ID.encode()).hexdigest()

    def before_0011(connection: Connection) -> None:
        command.upgrade(alembic_config(connection), "0010")
        connection.execute(
            text("INSERT INTO queue_branches (code, name, timezone) VALUES ('old', 'Old', 'UTC')")
        )
        connection.execute(
            text(
                "INSERT INTO appointments (id, branch_code, category_code, starts_at, day, code_hash,"
                " holder_ref, state, created_at) VALUES ('a1', 'old', 'A', '2026-12-01 10:00:00',"
                " '2026-12-01', 'c1', :ref, 'booked', '2026-11-30 10:00:00')"
            ),
            {"ref": old_ref},
        )

    async def scenario() -> tuple[str | None, str | None]:
        engine = create_engine(url)
        try:
            async with engine.begin() as connection:
                await connection.run_sync(before_0011)
        finally:
            await engine.dispose()
        before = await _holder_refs(url, "a1")
        await upgrade_database(url)
        return before, await _holder_refs(url, "a1")

    assert asyncio.run(scenario()) == (old_ref, None)
