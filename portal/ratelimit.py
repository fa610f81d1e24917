"""Per-minute attempt counters kept in the database, so every worker enforces the same limit."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import Executable, bindparam
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from portal.models import RateCounter
from portal.problems import Problem


def _counting(insert: Callable[[type[RateCounter]], Any]) -> Executable:
    """Add one to the key's counter for this minute (a new row at the first attempt); return the count."""
    statement: Executable = (
        insert(RateCounter)
        .values(key=bindparam("counter_key"), window=bindparam("counter_window"), count=1)
        .on_conflict_do_update(
            index_elements=[RateCounter.key, RateCounter.window],
            set_={"count": RateCounter.count + 1},
        )
        .returning(RateCounter.count)
    )
    return statement


# Built once: putting this statement together costs more CPU than sending it, on every login and verification.
COUNT_ATTEMPT = {"postgresql": _counting(postgres_insert), "sqlite": _counting(sqlite_insert)}


async def hit(db: AsyncSession, key: str, limit_per_minute: int, *, commit: bool = True) -> None:
    """Count one attempt; raise 429 when the key went over its limit in the current minute.

    The count is committed at once unless `commit` is False: then the caller's transaction carries it, which
    saves a round trip and a transaction when the caller commits on every path that follows.
    """
    window = int(time.time() // 60)
    statement = COUNT_ATTEMPT[db.get_bind().dialect.name]
    count = (await db.execute(statement, {"counter_key": key[:120], "counter_window": window})).scalar_one()
    if commit or count > limit_per_minute:
        await db.commit()
    if count > limit_per_minute:
        retry = str(60 - int(time.time()) % 60)
        raise Problem(
            429,
            "rate-limited",
            "problem.rate_limited",
            "problem.rate_limited.detail",
            headers={"Retry-After": retry},
        )
