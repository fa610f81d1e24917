"""What the waiting room is told: each line with how many wait and the estimated wait (the kiosk's choice of
line, the display), and the public display's board of the last called tickets."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from portal.models import utcnow
from portal.models_queue import Ticket, TicketEvent
from portal.queue import categories
from portal.queue_estimates import estimate, waiting_counts

BOARD_CALLED = 8
"""How many of the last called tickets the public display shows."""


async def category_views(db: AsyncSession, branch: str, now: dt.datetime | None = None) -> list[dict[str, Any]]:
    now = now or utcnow()
    waiting = await waiting_counts(db, branch)
    views = []
    for row in await categories(db, branch):
        count = waiting.get(row.code, 0)
        views.append(
            {
                "code": row.code,
                "prefix": row.prefix,
                "name": dict(row.name),
                "waiting": count,
                "estimated_wait_minutes": (await estimate(db, branch, row.code, now)).minutes(count),
                "priority": row.priority,
            }
        )
    return views


async def board_version(db: AsyncSession, branch: str) -> int:
    """Grows with every ticket event of the branch: a display asks again only when it changed."""
    return int(await db.scalar(select(func.max(TicketEvent.id)).where(TicketEvent.branch_code == branch)) or 0)


async def board(db: AsyncSession, branch: str, now: dt.datetime | None = None) -> dict[str, Any]:
    version = await board_version(db, branch)
    events = await db.execute(
        select(TicketEvent.ticket_id, TicketEvent.desk_code, TicketEvent.at, Ticket.number)
        .join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .where(TicketEvent.branch_code == branch, TicketEvent.kind.in_(("call", "recall")))
        .order_by(TicketEvent.id.desc())
        .limit(BOARD_CALLED * 4)
    )
    called: list[dict[str, Any]] = []
    seen: set[str] = set()
    for ticket_id, desk_code, at, number in events.all():
        if ticket_id in seen:
            continue
        seen.add(ticket_id)
        called.append({"number": number, "desk": desk_code, "called_at": at.isoformat()})
        if len(called) == BOARD_CALLED:
            break
    waiting = [
        {
            "category": view["code"],
            "prefix": view["prefix"],
            "name": view["name"],
            "waiting": view["waiting"],
            "estimated_wait_minutes": view["estimated_wait_minutes"],
        }
        for view in await category_views(db, branch, now)
    ]
    return {"called": called, "waiting": waiting, "version": version}
