"""How long a line waits: the estimated wait of a queue category, and how many wait in each.

Estimated wait of category c: ceil(W x S / D) minutes, where W is the tickets ahead in c, S the mean serving
time of the last 20 tickets of c done in the last 3 hours (else of any category; else 5 minutes) and D the
desks that called a ticket of c in the last 30 minutes (else any desk that called; else 1). For one ticket, W
is the tickets ahead of it (portal/queue.py position); for a whole line, every ticket waiting in it.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from portal.models_queue import DONE, WAITING, Ticket, TicketEvent

RECENT_SERVED = 20
SERVED_WINDOW = dt.timedelta(hours=3)
OPEN_DESK_WINDOW = dt.timedelta(minutes=30)
DEFAULT_SERVING_MINUTES = 5.0


@dataclass(frozen=True)
class Estimate:
    serving_minutes: float
    open_desks: int

    def minutes(self, ahead: int) -> int:
        return math.ceil(ahead * self.serving_minutes / self.open_desks)


async def estimate(db: AsyncSession, branch: str, category: str, now: dt.datetime) -> Estimate:
    """S and D of the formula in the module's docstring, for one category at one moment."""
    recent = (
        select(Ticket.called_at, Ticket.ended_at)
        .where(
            Ticket.branch_code == branch,
            Ticket.status == DONE,
            Ticket.ended_at >= now - SERVED_WINDOW,
            Ticket.ended_at <= now,
            Ticket.called_at.is_not(None),
        )
        .order_by(Ticket.ended_at.desc())
        .limit(RECENT_SERVED)
    )
    durations = _minutes(await db.execute(recent.where(Ticket.category_code == category)))
    durations = durations or _minutes(await db.execute(recent))
    serving_minutes = sum(durations) / len(durations) if durations else DEFAULT_SERVING_MINUTES
    desks = select(func.count(func.distinct(TicketEvent.desk_code))).where(
        TicketEvent.branch_code == branch,
        TicketEvent.kind == "call",
        TicketEvent.at >= now - OPEN_DESK_WINDOW,
        TicketEvent.at <= now,
    )
    open_desks = await db.scalar(desks.where(TicketEvent.category_code == category)) or await db.scalar(desks)
    return Estimate(serving_minutes, max(1, int(open_desks or 0)))


def _minutes(rows: Any) -> list[float]:
    return [(ended - called).total_seconds() / 60 for called, ended in rows.all() if called and ended]


async def waiting_counts(db: AsyncSession, branch: str) -> dict[str, int]:
    query = (
        select(Ticket.category_code, func.count())
        .where(Ticket.branch_code == branch, Ticket.status == WAITING)
        .group_by(Ticket.category_code)
    )
    return {code: int(count) for code, count in (await db.execute(query)).all()}
