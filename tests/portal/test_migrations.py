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
