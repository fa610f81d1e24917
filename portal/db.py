"""Engine and session factory: SQLite (WAL) for one machine, PostgreSQL (asyncpg) for a fleet."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine


class DatabaseUrlError(ValueError):
    """The database URL is not one the portal can use; the message says why."""


def async_database_url(url: str) -> str:
    """Map the URLs an operator writes (sqlite:///path, postgresql://...) to the async drivers."""
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise DatabaseUrlError(
            f"{url!r} is not a database URL; use sqlite:///PATH or postgresql://USER@HOST/DB"
        ) from error
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise DatabaseUrlError("use a file for SQLite (sqlite:///PATH): workers share it")
        return parsed.set(drivername="sqlite+aiosqlite").render_as_string(hide_password=False)
    if backend in {"postgresql", "postgres"}:
        return parsed.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)
    raise DatabaseUrlError(f"unsupported database {backend!r}; use sqlite or postgresql")


def sync_database_url(url: str) -> str:
    """The same database through a synchronous driver that is installed (for Alembic)."""
    parsed = make_url(async_database_url(url))
    if parsed.get_backend_name() == "sqlite":
        return parsed.set(drivername="sqlite").render_as_string(hide_password=False)
    return parsed.render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers run beside the single writer; busy_timeout makes writers queue instead of failing.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    """Every engine of the portal hides the statements' parameters from its errors and its echo log: they are
    personal data (a NIF, an address, a typed user name). problems.py withholds the drivers' own messages."""
    async_url = async_database_url(url)
    if async_url.startswith("sqlite"):
        # Kept small: SQLite has one writer, and a writer that finds the file locked backs off in sleeps of up
        # to 100 ms (busy_timeout); a pool of 10 + 10 gave longer write tails in the benchmark than this one.
        engine = create_async_engine(async_url, echo=echo, hide_parameters=True, pool_size=5, max_overflow=5)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    # A pool big enough for a worker's usual concurrency: an overflow connection is closed when it comes back,
    # so a pool that is too small opens and closes a PostgreSQL connection (a process, and several ms of CPU
    # on both sides) on every burst, which is when the CPU is needed most.
    # No pre-ping: with asyncpg it costs three round trips (BEGIN, a query, ROLLBACK) on every checkout, which
    # was a third of the statements of a submission. A connection the server dropped (a PostgreSQL restart)
    # fails its one request instead; SQLAlchemy then discards the whole pool, and that request's error becomes
    # a 503 the kiosk retries (problems.py), so nothing is lost and every later request gets a fresh connection.
    return create_async_engine(
        async_url, echo=echo, hide_parameters=True, pool_size=20, max_overflow=10, pool_recycle=3600
    )


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
