"""What the queue reads on every request and an administrator changes seldom, kept per worker for a few seconds:
the branch of each device, each desk's categories, each category's prefix, names and priority.

A call-next read these three from the database on every request, with a transaction of their own: a third of
its round trips (docs/portal.md, "Queue performance"). Kept per engine, so per worker and per database, each
entry DIRECTORY_SECONDS: a device moved to another branch, a desk given other categories or a category renamed
reaches every worker within that time. Only rows found are kept: a desk or a category just created is read
from the database at its first use, and an unknown one is looked up again every time (its 404 stays exact).
Tickets are never kept here: who is waiting and who is called is always read (and claimed) in the database.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from portal.models_queue import Desk, DeviceBranch, QueueCategoryRow

DIRECTORY_SECONDS = 5.0
"""A change to a device's branch, a desk or a category reaches every worker within this many seconds."""
DEFAULT_BRANCH = "demo"
_LIMIT = 10_000
T = TypeVar("T")


@dataclass(frozen=True)
class DeskInfo:
    code: str
    categories: tuple[str, ...]
    """The category codes the desk calls by default (all of the branch's when empty)."""


@dataclass(frozen=True)
class CategoryInfo:
    code: str
    prefix: str
    name: dict[str, str]
    priority: bool


class Directory:
    def __init__(self, seconds: float = DIRECTORY_SECONDS, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self.clock = clock
        self._kept: dict[tuple[str, ...], tuple[float, Any]] = {}

    async def _read(self, key: tuple[str, ...], load: Callable[[], Awaitable[T | None]]) -> T | None:
        now = self.clock()
        kept = self._kept.get(key)
        if kept is not None and kept[0] > now:
            value: T = kept[1]
            return value
        found = await load()
        if found is None:
            self._kept.pop(key, None)
        else:
            if len(self._kept) > _LIMIT:
                self._kept.clear()
            self._kept[key] = (now + self.seconds, found)
        return found

    async def branch(self, db: AsyncSession, device_id: str) -> str:
        """The device's branch: its device_branches row, else the default one."""

        async def load() -> str:
            query = select(DeviceBranch.branch_code).where(DeviceBranch.device_id == device_id)
            return await db.scalar(query) or DEFAULT_BRANCH

        return await self._read(("branch", device_id), load) or DEFAULT_BRANCH

    async def desk(self, db: AsyncSession, branch: str, code: str) -> DeskInfo | None:
        async def load() -> DeskInfo | None:
            row = await db.get(Desk, (branch, code))
            return DeskInfo(row.code, tuple(row.categories)) if row is not None else None

        return await self._read(("desk", branch, code), load)

    async def category(self, db: AsyncSession, branch: str, code: str) -> CategoryInfo | None:
        async def load() -> CategoryInfo | None:
            row = await db.get(QueueCategoryRow, (branch, code))
            if row is None:
                return None
            return CategoryInfo(row.code, row.prefix, dict(row.name), row.priority)

        return await self._read(("category", branch, code), load)

    def forget(self) -> None:
        self._kept.clear()


_DIRECTORIES: weakref.WeakKeyDictionary[AsyncEngine, Directory] = weakref.WeakKeyDictionary()


def directory(db: AsyncSession) -> Directory:
    """The directory of the session's database in this worker (one per engine: tests run several)."""
    engine = db.bind
    if not isinstance(engine, AsyncEngine):
        return Directory(seconds=0.0)  # a session without one engine: nothing is kept
    found = _DIRECTORIES.get(engine)
    if found is None:
        found = _DIRECTORIES[engine] = Directory()
    return found
