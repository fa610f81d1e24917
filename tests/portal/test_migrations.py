"""Alembic migrations: they build the whole schema and stay in step with the models."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection

from portal.db import create_engine
from portal.migrate import table_names, upgrade_database
from portal.models import Base


def _differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def _diff(url: str) -> list[object]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_differences)
    finally:
        await engine.dispose()


def test_migrations_build_the_schema_of_the_models(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    asyncio.run(upgrade_database(url))
    assert set(Base.metadata.tables) | {"alembic_version"} == asyncio.run(table_names(url))
    assert asyncio.run(_diff(url)) == []


def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'w.db'}"

    async def journal_mode() -> str:
        from sqlalchemy import text

        engine = create_engine(url)
        try:
            async with engine.connect() as connection:
                return str((await connection.execute(text("PRAGMA journal_mode"))).scalar())
        finally:
            await engine.dispose()

    assert asyncio.run(journal_mode()) == "wal"


def test_housekeeping_removes_only_what_has_served_its_purpose(tmp_path: Path) -> None:
    import datetime as dt

    from sqlalchemy import func, select

    from portal.db import session_factory
    from portal.models import IdempotencyRecord, SessionToken, utcnow
    from portal.seed import create_device, housekeeping

    url = f"sqlite:///{tmp_path / 'h.db'}"
    asyncio.run(upgrade_database(url))

    async def scenario() -> tuple[int, int, int]:
        engine = create_engine(url)
        sessions = session_factory(engine)
        try:
            async with sessions() as session, session.begin():
                await create_device(session, "k", "kiosk")
            async with sessions() as session, session.begin():
                from portal.models import Device

                device_id = (await session.scalars(select(Device.id))).one()
                now = utcnow()
                for age, key in ((dt.timedelta(days=8), "old-key-1"), (dt.timedelta(hours=1), "new-key-1")):
                    session.add(
                        IdempotencyRecord(
                            device_id=device_id,
                            key=key,
                            request_hash="h",
                            status_code=201,
                            sealed_response="",
                            created_at=now - age,
                        )
                    )
                for age, token in ((dt.timedelta(days=2), "a" * 64), (dt.timedelta(minutes=-5), "b" * 64)):
                    session.add(
                        SessionToken(
                            token_hash=token, subject_kind="citizen", device_id=device_id, expires_at=now - age
                        )
                    )
            async with sessions() as session, session.begin():
                removed = await housekeeping(session)
            async with sessions() as session:
                keys = await session.scalar(select(func.count()).select_from(IdempotencyRecord))
                tokens = await session.scalar(select(func.count()).select_from(SessionToken))
            return removed, int(keys or 0), int(tokens or 0)
        finally:
            await engine.dispose()

    assert asyncio.run(scenario()) == (2, 1, 1)
