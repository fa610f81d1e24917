"""Company on the spot: the pre-approved firm names a kiosk or counter may still offer, and a new
permanent-certificate access code for a company's partner or representative."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from portal.applications import IDEMPOTENCY_KEY, AnswerSeal, commit_with_kept_answer, replay_kept_answer
from portal.audit import record
from portal.companies import (
    company_code_refused,
    company_for_new_code,
    free_firm_names,
    replace_certificate_code,
)
from portal.deps import Db, Lang, TerminalDevice, TerminalPrincipal, presented_credential, unauthorized
from portal.problems import Problem
from portal.schemas import ProblemOut

router = APIRouter(prefix="/v1/companies", tags=["companies"])
ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ProblemOut} for code in (401, 403, 429)}
CODE_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ProblemOut} for code in (400, 401, 403, 409, 422, 429)
}
NEW_CODE_ACTION = "company.certificate_code"


class FirmName(BaseModel):
    value: str = Field(description="The answer to give in company_name")
    name: str = Field(description="The firm name as registered, in the request's language")


@router.get("/firm-names", response_model=list[FirmName], responses=ERRORS)
async def list_firm_names(db: Db, language: Lang, _device: TerminalDevice) -> list[dict[str, str]]:
    """The pre-approved names not yet taken: a name chosen by an application is never offered again."""
    names = await free_firm_names(db, language)
    await db.commit()
    return names


class CertificateCodeOut(BaseModel):
    nipc: str
    company_name: str = Field(description="The firm name as registered")
    label: str = Field(description="What the code is, in the request's language, to print beside it")
    code: str = Field(description="The new access code: given in this answer only (and a retry of it)")
    issued_at: str = Field(description="When the code was made; the previous code stopped working then")


def _fingerprint(nipc: str, person_id: str) -> bytes:
    """What makes two requests the same: the company and the person asking (and this route)."""
    return json.dumps({"route": NEW_CODE_ACTION, "nipc": nipc, "person": person_id}, sort_keys=True).encode()


@router.post(
    "/{nipc}/certificate-code", status_code=201, response_model=CertificateCodeOut, responses=CODE_ERRORS
)
async def new_certificate_code(
    request: Request,
    db: Db,
    principal: TerminalPrincipal,
    language: Lang,
    nipc: Annotated[str, Path(pattern=r"^\d{9}$", description="The company's NIPC, 9 digits")],
    idempotency_key: Annotated[
        str | None, Header(description="Unique per request; a retry with the same key gets the same code")
    ] = None,
) -> JSONResponse:
    """A new permanent-certificate access code, for a partner of the company or the person who registered it
    for the partners, signed in with their citizen card at a kiosk or a counter (on their behalf).

    The old code stops working; only the new one's digest is kept. The code is in this answer alone, kept
    encrypted for a retry under the same Idempotency-Key like every answer that holds a code. Anyone else gets
    the same 403 whether the NIPC is registered or not.
    """
    if principal.person_id is None:
        raise unauthorized("problem.session_required")
    if not idempotency_key:
        raise Problem(400, "idempotency-key-missing", "problem.bad_request", "problem.idempotency_missing")
    if not IDEMPOTENCY_KEY.match(idempotency_key):
        raise Problem(400, "idempotency-key-invalid", "problem.bad_request", "problem.idempotency_invalid")
    device = principal.device
    seal = AnswerSeal(
        presented_credential(request), device.id, idempotency_key, _fingerprint(nipc, principal.person_id)
    )
    replay = await replay_kept_answer(db, device.id, seal)
    if replay is not None:
        status, response = replay
        return JSONResponse(response, status_code=status, headers={"Content-Language": language})
    try:
        company = await company_for_new_code(db, nipc, principal.person_id)
    except Problem as refusal:
        # The refusal is audited too (who asked for which NIPC), then answered the same for every NIPC.
        await db.rollback()
        await record(db, principal.actor, device, NEW_CODE_ACTION, "refused", principal.person_id, nipc)
        await db.commit()
        raise company_code_refused() from refusal
    response = replace_certificate_code(company, language)
    await record(
        db,
        principal.actor,
        device,
        NEW_CODE_ACTION,
        "new permanent-certificate code",
        principal.person_id,
        nipc,
    )
    status, response = await commit_with_kept_answer(db, device.id, seal, 201, response)
    return JSONResponse(response, status_code=status, headers={"Content-Language": language})
