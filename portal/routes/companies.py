"""Company on the spot: the pre-approved firm names a kiosk or counter may still offer."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from portal.companies import free_firm_names
from portal.deps import Db, Lang, TerminalDevice
from portal.schemas import ProblemOut

router = APIRouter(prefix="/v1/companies", tags=["companies"])
ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ProblemOut} for code in (401, 403, 429)}


class FirmName(BaseModel):
    value: str = Field(description="The answer to give in company_name")
    name: str = Field(description="The firm name as registered, in the request's language")


@router.get("/firm-names", response_model=list[FirmName], responses=ERRORS)
async def list_firm_names(db: Db, language: Lang, _device: TerminalDevice) -> list[dict[str, str]]:
    """The pre-approved names not yet taken: a name chosen by an application is never offered again."""
    names = await free_firm_names(db, language)
    await db.commit()
    return names
