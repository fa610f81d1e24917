"""Documents: the public trust list of seal keys, online status, and revocation by a supervisor."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field
from sqlalchemy import bindparam, select

from portal.audit import record
from portal.deps import CounterPrincipal, Db, Settings, TerminalDevice, require_staff
from portal.models import Document, utcnow
from portal.problems import not_found
from portal.ratelimit import hit
from portal.schemas import ProblemOut, Strict
from portal.sealing import trust_list
from portal.security import code_digest

router = APIRouter(prefix="/v1", tags=["documents"])
ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ProblemOut} for code in (401, 403, 404, 422, 429)}


class Jwk(BaseModel):
    kty: Literal["EC"]
    crv: Literal["P-256"]
    x: str
    y: str
    kid: str
    use: str
    alg: Literal["ES256"]
    nbf: int
    exp: int


class TrustList(BaseModel):
    keys: list[Jwk]


class StatusQuery(Strict):
    access_code: str = Field(max_length=40)


class DocumentStatus(BaseModel):
    status: Literal["valid", "revoked", "expired", "unknown"]
    type: str | None = None
    issued_at: dt.datetime | None = None
    expires_at: dt.datetime | None = None


class Revocation(Strict):
    reason: str = Field(min_length=3, max_length=200)


def _status(document: Document | None) -> dict[str, Any]:
    if document is None:
        return {"status": "unknown"}
    if document.revoked_at:
        status = "revoked"
    elif document.expires_at <= utcnow():
        status = "expired"
    else:
        status = "valid"
    return {
        "status": status,
        "type": document.type,
        "issued_at": document.issued_at,
        "expires_at": document.expires_at,
    }


@router.get("/trust-list", response_model=TrustList, tags=["documents"])
async def get_trust_list(db: Db, response: Response) -> dict[str, Any]:
    """The seal keys as a JWKS (RFC 7517); verifiers cache it and recompute each kid."""
    keys = await trust_list(db)
    await db.commit()
    response.headers["Cache-Control"] = "public, max-age=3600"
    return keys


# Built once, with a placeholder: the statement costs about as much CPU to build as to send.
DOCUMENT_BY_ACCESS_CODE = select(Document).where(Document.access_code_hash == bindparam("digest"))


@router.post("/documents/status", response_model=DocumentStatus, responses=ERRORS)
async def status_by_access_code(
    body: StatusQuery, db: Db, device: TerminalDevice, settings: Settings
) -> dict[str, Any]:
    """Online status from the access code printed on a document; tells nothing about its holder."""
    # The count and the lookup share one transaction: one round trip and one commit fewer than apart.
    await hit(db, f"access-code:{device.id}", settings.login_rate_per_minute * 4, commit=False)
    document = await db.scalar(DOCUMENT_BY_ACCESS_CODE, {"digest": code_digest(body.access_code)})
    await db.commit()
    return _status(document)


@router.get("/documents/{document_id}/status", response_model=DocumentStatus, responses=ERRORS)
async def status_by_id(document_id: str, db: Db, device: TerminalDevice, settings: Settings) -> dict[str, Any]:
    """Status of the document a seal names (the seal's id), for `kiosk verify`."""
    await hit(db, f"verify:{device.id}", settings.login_rate_per_minute * 20, commit=False)
    document = await db.get(Document, document_id)
    await db.commit()
    return _status(document)


@router.post("/documents/{document_id}/revoke", response_model=DocumentStatus, responses=ERRORS)
async def revoke(document_id: str, body: Revocation, db: Db, principal: CounterPrincipal) -> dict[str, Any]:
    """A supervisor revokes a document; its seal then reports revoked online."""
    staff_id = require_staff(principal, "supervisor")
    document = await db.get(Document, document_id)
    if document is None:
        raise not_found()
    if document.revoked_at is None:
        document.revoked_at = utcnow()
        await record(
            db,
            f"staff:{staff_id}",
            principal.device,
            "document.revoke",
            body.reason,
            document.person_id,
            document.id,
        )
        await db.commit()
    return _status(document)
