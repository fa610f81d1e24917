"""Liveness of a worker and its database."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from portal.deps import Db
from portal.schemas import Health

router = APIRouter(prefix="/v1", tags=["system"])


@router.get("/health", response_model=Health)
async def health(db: Db) -> dict[str, str]:
    """Answers ok when this worker can reach its database."""
    await db.execute(text("SELECT 1"))
    return {"status": "ok"}
