"""Calls for help from the kiosks of a branch ("call a clerk"): listed at its counters, acknowledged, closed.

A request names the kiosk and the screen it was made on, never the person in front of it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from portal.models import utcnow
from portal.models_queue import HelpRequest
from portal.problems import Problem, not_found


def help_view(row: HelpRequest) -> dict[str, Any]:
    return {
        "id": row.id,
        "kiosk": row.kiosk,
        "screen": row.screen,
        "status": row.status,
        "created_at": row.created_at.isoformat(),
        "acknowledged_at": row.acknowledged_at.isoformat() if row.acknowledged_at else None,
    }


async def help_requests(db: AsyncSession, branch: str) -> list[HelpRequest]:
    query = (
        select(HelpRequest)
        .where(HelpRequest.branch_code == branch, HelpRequest.status != "closed")
        .order_by(HelpRequest.created_at)
    )
    return list(await db.scalars(query))


async def answer_help(
    db: AsyncSession, branch: str, request_id: str, staff_id: str, close: bool
) -> HelpRequest:
    row = await db.get(HelpRequest, request_id, with_for_update=True)
    if row is None or row.branch_code != branch:
        raise not_found("problem.queue.no_help")
    if row.status == "closed":
        raise Problem(409, "help-closed", "problem.conflict", "problem.queue.help_closed")
    now = utcnow()
    if close:
        row.status, row.closed_at, row.closed_by = "closed", now, staff_id
    else:
        row.status, row.acknowledged_at, row.acknowledged_by = "acknowledged", now, staff_id
    await db.commit()
    return row
