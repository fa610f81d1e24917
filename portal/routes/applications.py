"""Application endpoints: submit (idempotent), read one, list one's own."""

from __future__ import annotations

import secrets
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse
from pydantic import Field
from sqlalchemy import select

from portal.applications import (
    AWAITING_CONFIRMATION,
    AWAITING_PAYMENT,
    COMPLETED,
    load_application_view,
    submit_application,
)
from portal.audit import record
from portal.catalog_store import CatalogStore
from portal.deps import CurrentPrincipal, Db, Lang, Settings, require_staff, unauthorized
from portal.forms import FieldError
from portal.models import Application, ApplicationEvent, Person, utcnow
from portal.problems import Problem, not_found
from portal.ratelimit import hit
from portal.schemas import ApplicationOut, Strict, SubmitApplication
from portal.schemas import ProblemOut as ProblemModel
from portal.security import code_digest

router = APIRouter(prefix="/v1/applications", tags=["applications"])
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ProblemModel} for code in (400, 401, 403, 404, 409, 413, 415, 422, 429)
}


@router.post("", status_code=201, response_model=ApplicationOut, responses=ERRORS)
async def submit(
    request: Request,
    body: SubmitApplication,
    db: Db,
    principal: CurrentPrincipal,
    language: Lang,
    idempotency_key: Annotated[
        str | None,
        Header(description="Unique per submission; a retry with the same key gets the same answer"),
    ] = None,
) -> JSONResponse:
    """Submit an application; instant services answer with their documents."""
    store: CatalogStore = request.app.state.catalog
    status, response = await submit_application(
        db, await store.snapshot(), principal, language, body, idempotency_key, request.app.state.signer
    )
    return JSONResponse(response, status_code=status, headers={"Content-Language": language})


@router.get("", response_model=list[ApplicationOut], responses=ERRORS)
async def list_own(db: Db, principal: CurrentPrincipal, language: Lang) -> list[dict[str, Any]]:
    """The applications of the citizen signed in on this terminal, newest first."""
    if principal.person_id is None:
        raise unauthorized("problem.session_required")
    rows = await db.scalars(
        select(Application)
        .where(Application.person_id == principal.person_id)
        .order_by(Application.created_at.desc())
        .limit(100)
    )
    views = [await load_application_view(db, row, language) for row in rows]
    await record(
        db, principal.actor, principal.device, "application.list", "own applications", principal.person_id
    )
    await db.commit()
    return views


@router.get("/{reference}", response_model=ApplicationOut, responses=ERRORS)
async def read_one(reference: str, db: Db, principal: CurrentPrincipal, language: Lang) -> dict[str, Any]:
    """One application: its owner, staff, or (for anonymous ones) the terminal that sent it."""
    row = await db.scalar(select(Application).where(Application.reference == reference))
    # Someone else's application answers exactly like a missing one, so references cannot be probed.
    if row is None or not _may_read(row, principal):
        raise not_found()
    view = await load_application_view(db, row, language)
    if row.person_id is not None:
        purpose = "own application" if principal.person_id else "counter service"
        await record(
            db, principal.actor, principal.device, "application.read", purpose, row.person_id, reference
        )
        await db.commit()
    return view


class StatusChange(Strict):
    status: Literal["in_progress", "approved", "rejected", "sent_by_post", "closed"]
    note: str = Field(default="", max_length=500, description="Shown to the citizen in the history")


@router.post("/{reference}/status", response_model=ApplicationOut, responses=ERRORS)
async def change_status(
    reference: str, body: StatusChange, db: Db, principal: CurrentPrincipal, language: Lang
) -> dict[str, Any]:
    """The back office moves a pending application on (clerks and above); each step joins the history."""
    staff_id = require_staff(principal)
    row = await db.scalar(select(Application).where(Application.reference == reference))
    if row is None:
        raise not_found()
    if row.status in {AWAITING_PAYMENT, AWAITING_CONFIRMATION, COMPLETED}:
        raise Problem(409, "conflict", "problem.conflict", "problem.status_locked")
    actor = f"staff:{staff_id}"
    row.status, row.updated_at = body.status, utcnow()
    db.add(
        ApplicationEvent(application_id=row.id, status=body.status, note=body.note, actor=actor, at=utcnow())
    )
    await record(db, actor, principal.device, "application.status", body.status, row.person_id, reference)
    await db.commit()
    return await load_application_view(db, row, language)


def _may_read(application: Application, principal: CurrentPrincipal) -> bool:
    if principal.staff_id is not None:
        return True
    if application.person_id is not None:
        return application.person_id == principal.person_id
    return application.device_id == principal.device.id and principal.person_id is None


class Confirmation(Strict):
    code: str = Field(
        min_length=4, max_length=20, description="The code from the letter sent to the new address"
    )


@router.post("/{reference}/confirm", response_model=ApplicationOut, responses=ERRORS)
async def confirm(
    reference: str, body: Confirmation, db: Db, principal: CurrentPrincipal, language: Lang, settings: Settings
) -> dict[str, Any]:
    """The citizen enters the confirmation code (change of address) at a kiosk or counter."""
    await hit(db, f"confirm:{principal.device.id}", settings.login_rate_per_minute)
    row = await db.scalar(select(Application).where(Application.reference == reference))
    if row is None or principal.person_id is None or row.person_id != principal.person_id:
        raise not_found()
    if row.status != AWAITING_CONFIRMATION or row.confirmation_code_hash is None:
        raise Problem(409, "conflict", "problem.conflict", "problem.not_awaiting_confirmation")
    if not secrets.compare_digest(row.confirmation_code_hash, code_digest(body.code)):
        raise Problem(
            422,
            "invalid-answers",
            "problem.validation",
            "problem.validation.detail",
            errors=[FieldError("code", "field.confirmation_code", {})],
        )
    row.status, row.confirmation_code_hash, row.updated_at = COMPLETED, None, utcnow()
    person = await db.get(Person, row.person_id)
    if person is not None:
        person.address = row.answers.get("new_address")
    db.add(
        ApplicationEvent(application_id=row.id, status=COMPLETED, note="", actor=principal.actor, at=utcnow())
    )
    await record(
        db, principal.actor, principal.device, "address.change", "change of address", row.person_id, reference
    )
    await db.commit()
    return await load_application_view(db, row, language)
