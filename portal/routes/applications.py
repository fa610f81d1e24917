"""Application endpoints: submit (idempotent), read one, list one's own, and the public status by reference."""

from __future__ import annotations

import datetime as dt
import html
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Path, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy import bindparam, select

from portal.applications import (
    AWAITING_CONFIRMATION,
    AWAITING_PAYMENT,
    COMPLETED,
    load_application_view,
    submit_application,
)
from portal.audit import record
from portal.catalog_store import CatalogStore
from portal.companies import COMPANY_ON_THE_SPOT
from portal.confirmation import check_confirmation_code
from portal.deps import (
    CounterPrincipal,
    Db,
    Lang,
    Principal,
    Settings,
    TerminalPrincipal,
    presented_credential,
    require_staff,
    unauthorized,
)
from portal.i18n import MESSAGES, Language
from portal.models import Application, ApplicationEvent, Person, utcnow
from portal.problems import Problem, not_found, problem_response
from portal.ratelimit import hit
from portal.schemas import ApplicationOut, Strict, SubmitApplication
from portal.schemas import ProblemOut as ProblemModel

router = APIRouter(prefix="/v1/applications", tags=["applications"])
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ProblemModel} for code in (400, 401, 403, 404, 409, 413, 415, 422, 429)
}


@router.post("", status_code=201, response_model=ApplicationOut, responses=ERRORS)
async def submit(
    request: Request,
    body: SubmitApplication,
    db: Db,
    principal: TerminalPrincipal,
    language: Lang,
    idempotency_key: Annotated[
        str | None,
        Header(description="Unique per submission; a retry with the same key gets the same answer"),
    ] = None,
) -> JSONResponse:
    """Submit an application; instant services answer with their documents."""
    store: CatalogStore = request.app.state.catalog
    status, response = await submit_application(
        db,
        await store.snapshot(),
        principal,
        language,
        body,
        idempotency_key,
        request.app.state.signer,
        credential=presented_credential(request),
        extra_answers=representation(body, principal),
    )
    return JSONResponse(response, status_code=status, headers={"Content-Language": language})


REPRESENTING_MESSAGES: dict[Language, dict[str, str]] = {
    "en": {"field.representing_counter_only": "Acting for a minor or a company is recorded at a counter only."},
    "pt": {"field.representing_counter_only": "Agir por um menor ou por uma empresa só se regista num balcão."},
}
for _language, _texts in REPRESENTING_MESSAGES.items():
    MESSAGES[_language].update(_texts)


def representation(body: SubmitApplication, principal: Principal) -> dict[str, Any] | None:
    """A counter's "acting for a minor or a company", kept with the answers; refused from any other terminal
    (a kiosk cannot vouch for it), and a company is named by a valid NIPC."""
    acting = body.representing
    if acting is None:
        return None
    from portal.applications import validation_problem
    from portal.checkdigits import nif_is_valid
    from portal.forms import FieldError

    if principal.device.channel != "counter":
        raise validation_problem([FieldError("representing", "field.representing_counter_only", {})])
    identifier = " ".join(acting.identifier.split())
    if acting.kind == "company" and not nif_is_valid(identifier.replace(" ", "")):
        raise validation_problem([FieldError("representing.identifier", "field.nipc", {})])
    return {"_representing": {"kind": acting.kind, "identifier": identifier}}


@router.get("", response_model=list[ApplicationOut], responses=ERRORS)
async def list_own(db: Db, principal: TerminalPrincipal, language: Lang) -> list[dict[str, Any]]:
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
async def read_one(reference: str, db: Db, principal: TerminalPrincipal, language: Lang) -> dict[str, Any]:
    """One application: its owner, staff, or (for anonymous ones) the terminal that sent it."""
    row = await db.scalar(select(Application).where(Application.reference == reference))
    # Someone else's application answers exactly like a missing one, so references cannot be probed.
    if row is None or not _may_read(row, principal):
        raise not_found()
    view = await load_application_view(db, row, language)
    # Anonymous ones too: their answers may be someone's address or phone, read back by the terminal.
    if principal.staff_id is not None:
        purpose = "counter service"
    elif row.person_id is not None:
        purpose = "own application"
    else:
        purpose = "anonymous application, sending terminal"
    await record(db, principal.actor, principal.device, "application.read", purpose, row.person_id, reference)
    await db.commit()
    return view


class StatusChange(Strict):
    status: Literal["in_progress", "approved", "rejected", "sent_by_post", "closed"]
    note: str = Field(default="", max_length=500, description="Shown to the citizen in the history")


@router.post("/{reference}/status", response_model=ApplicationOut, responses=ERRORS)
async def change_status(
    reference: str, body: StatusChange, db: Db, principal: CounterPrincipal, language: Lang
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


def _may_read(application: Application, principal: Principal) -> bool:
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
    reference: str, body: Confirmation, db: Db, principal: TerminalPrincipal, language: Lang, settings: Settings
) -> dict[str, Any]:
    """The citizen enters the confirmation code (change of address) at a kiosk or counter."""
    await hit(db, f"confirm:{principal.device.id}", settings.login_rate_per_minute)
    row = await db.scalar(select(Application).where(Application.reference == reference))
    if row is None or principal.person_id is None or row.person_id != principal.person_id:
        raise not_found()
    if row.status != AWAITING_CONFIRMATION or row.confirmation_code_hash is None:
        raise Problem(409, "conflict", "problem.conflict", "problem.not_awaiting_confirmation")
    await check_confirmation_code(db, row, body.code)  # counts a wrong code; says how many tries remain
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


# The public status a citizen's phone reaches from the receipt's QR: no device, no login, nothing personal.
public_router = APIRouter(prefix="/v1/status", tags=["applications"])
PUBLIC_ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ProblemModel} for code in (404, 422, 429)}

STATUS_WORDS: dict[Language, dict[str, str]] = {
    "en": {
        "submitted": "Received, waiting to be dealt with",
        "awaiting_payment": "Waiting for your payment",
        "awaiting_confirmation": "Waiting for you to confirm with the code we sent by letter",
        "completed": "Completed",
        "in_progress": "Being dealt with",
        "approved": "Approved",
        "rejected": "Refused",
        "sent_by_post": "Sent by post",
        "closed": "Closed",
    },
    "pt": {
        "submitted": "Recebido, a aguardar tratamento",
        "awaiting_payment": "A aguardar o seu pagamento",
        "awaiting_confirmation": "A aguardar a sua confirmação com o código enviado por carta",
        "completed": "Concluído",
        "in_progress": "Em tratamento",
        "approved": "Aprovado",
        "rejected": "Recusado",
        "sent_by_post": "Enviado por correio",
        "closed": "Encerrado",
    },
}
"""The words of each status, as the kiosk shows them (kiosk/i18n/*/browse.toml [browse.status])."""

COMPANY_CODE_STEP: dict[Language, str] = {
    "en": (
        "If the company is paid later, its permanent-certificate access code is shown to nobody: a partner, or "
        "the person who registered the company, gets a new one with their citizen card at any kiosk (My "
        "applications, New company certificate code) or at a counter."
    ),
    "pt": (
        "Se a empresa for paga mais tarde, o código de acesso à certidão permanente não é mostrado a "
        "ninguém: um sócio, ou quem registou a empresa, obtém um novo com o Cartão de Cidadão em qualquer "
        "quiosque (Os meus pedidos, Novo código da certidão da empresa) ou num balcão."
    ),
}
"""What a receipt's holder does next for a company registered on the spot and paid later (the kiosk's receipt
says the same, kiosk/i18n/*/payment_groups.toml pg.company_later)."""

PAGE_WORDS: dict[Language, dict[str, str]] = {
    "en": {
        "title": "Your application {reference}",
        "status": "Status",
        "changed": "Last change",
        "missing_title": "Application not found",
        "missing": "There is no application with this reference. Check the reference on your receipt.",
    },
    "pt": {
        "title": "O seu pedido {reference}",
        "status": "Estado",
        "changed": "Última alteração",
        "missing_title": "Pedido não encontrado",
        "missing": "Não existe nenhum pedido com esta referência. Confirme a referência no seu recibo.",
    },
}

# Only the columns a stranger holding the receipt may see; built once, like the other hot statements.
PUBLIC_STATUS_BY_REFERENCE = select(
    Application.reference, Application.service_code, Application.status, Application.updated_at
).where(Application.reference == bindparam("reference"))


class PublicStatus(BaseModel):
    reference: str
    service: str = Field(description="The service's name in the request's language")
    status: str = Field(description="Status code, as in ApplicationOut")
    status_text: str = Field(description="The status in words, in the request's language")
    updated_at: dt.datetime = Field(description="When the status last changed")
    next_step: str | None = Field(
        default=None, description="What the holder does next, in words, when there is something to do"
    )


def wants_html(accept: str | None) -> bool:
    """True when the client prefers text/html to JSON (a phone's browser); JSON for anything else."""
    best_html, best_json = 0.0, 0.0
    for part in (accept or "").split(","):
        media_type, *parameters = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        media_type = media_type.lower()
        if media_type == "text/html":
            best_html = max(best_html, quality)
        elif media_type in {"application/json", "application/*", "*/*"}:
            best_json = max(best_json, quality)
    return best_html > best_json


def _status_page(language: Language, title: str, lines: list[str], status_code: int) -> HTMLResponse:
    """A tiny page a phone shows as words: no script, no style sheet, no outside resource."""
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    page = (
        f'<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title></head>"
        f"<body><h1>{html.escape(title)}</h1>{body}</body></html>"
    )
    headers = {"Content-Language": language, "Cache-Control": "no-store", "Vary": "Accept, Accept-Language"}
    return HTMLResponse(page, status_code=status_code, headers=headers)


def next_step(service_code: str, status: str, language: Language) -> str | None:
    """A company registered on the spot and still to be paid (or paid since) has a code nobody was shown: the
    status says where it is had. Nothing else needs a next step the status does not already say."""
    if service_code == COMPANY_ON_THE_SPOT and status in {"awaiting_payment", "completed"}:
        return COMPANY_CODE_STEP[language]
    return None


@public_router.get(
    "/{reference}",
    response_model=PublicStatus,
    responses={**PUBLIC_ERRORS, 200: {"content": {"text/html": {"schema": {"type": "string"}}}}},
)
async def public_status(
    request: Request,
    db: Db,
    language: Lang,
    settings: Settings,
    reference: Annotated[str, Path(max_length=40, description="The reference printed on the receipt")],
) -> Response:
    """What a stranger holding the receipt may know: the service, its status and when it last changed.

    No name, no answers, no documents; an unknown reference is a 404 after the same single lookup, so nothing
    is learnt beyond whether the reference (about 40 random bits) exists. Not audited: like the document
    status, it reads nothing personal. Rate limited per client address (behind a proxy, run uvicorn with
    --proxy-headers so the address is the phone's).
    """
    html_wanted = wants_html(request.headers.get("accept"))
    client = request.client.host if request.client else "unknown"
    try:
        # The count and the lookup share one transaction, as documents/status does.
        await hit(db, f"status:{client}", settings.login_rate_per_minute * 4, commit=False)
    except Problem as problem:
        return problem_response(problem, request)
    store: CatalogStore = request.app.state.catalog
    snapshot = await store.snapshot()
    row = (await db.execute(PUBLIC_STATUS_BY_REFERENCE, {"reference": reference})).one_or_none()
    await db.commit()
    if row is None:
        if html_wanted:
            words = PAGE_WORDS[language]
            return _status_page(language, words["missing_title"], [words["missing"]], 404)
        return problem_response(not_found(), request)
    service = snapshot.services.get(row.service_code)
    answer = PublicStatus(
        reference=row.reference,
        service=service.name.in_(language) if service else row.service_code,
        status=row.status,
        status_text=STATUS_WORDS[language].get(row.status, row.status),
        updated_at=row.updated_at,
        next_step=next_step(row.service_code, row.status, language),
    )
    if html_wanted:
        words = PAGE_WORDS[language]
        changed = answer.updated_at.strftime("%Y-%m-%d %H:%M UTC")
        lines = [answer.service, f"{words['status']}: {answer.status_text}", f"{words['changed']}: {changed}"]
        lines += [answer.next_step] if answer.next_step else []
        return _status_page(language, words["title"].format(reference=answer.reference), lines, 200)
    headers = {"Content-Language": language, "Cache-Control": "no-store", "Vary": "Accept, Accept-Language"}
    return JSONResponse(answer.model_dump(mode="json"), headers=headers)
