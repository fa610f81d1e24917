"""Submitting applications: idempotency, validation against the form, and what each fulfilment does."""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from portal.audit import clerk_at_counter, record
from portal.catalog import Assurance, Fulfilment, ServiceDefinition
from portal.catalog_store import CatalogSnapshot
from portal.deps import Principal, unauthorized
from portal.forms import FieldError, validate_answers
from portal.i18n import Language
from portal.issuing import IssuedDocument, create_payment, issue_document
from portal.models import (
    Application,
    ApplicationEvent,
    Company,
    Document,
    IdempotencyRecord,
    Letter,
    Payment,
    Person,
    utcnow,
)
from portal.problems import Problem
from portal.schemas import SubmitApplication
from portal.sealing import Signer
from portal.security import CODE_ALPHABET, code_digest, new_code, new_id

COMPLETED = "completed"
AWAITING_PAYMENT = "awaiting_payment"
SUBMITTED = "submitted"
AWAITING_CONFIRMATION = "awaiting_confirmation"
IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{8,128}$")


def validation_problem(errors: list[FieldError] | tuple[FieldError, ...]) -> Problem:
    return Problem(422, "invalid-answers", "problem.validation", "problem.validation.detail", errors=errors)


def request_fingerprint(body: SubmitApplication, principal: Principal) -> str:
    canonical = json.dumps(
        {"service": body.service_code, "answers": body.answers, "person": principal.person_id},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def new_reference() -> str:
    """A reference a person can read over the phone: year and eight unambiguous characters."""
    year = utcnow().year
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{year}-{body[:4]}-{body[4:]}"


def document_view(document: Document, access_code: str | None, language: Language) -> dict[str, Any]:
    now = utcnow()
    if document.revoked_at:
        status = "revoked"
    elif document.expires_at <= now:
        status = "expired"
    else:
        status = "valid"
    return {
        "id": document.id,
        "type": document.type,
        "title": document.title.get(language, document.title.get("pt", "")),
        "holder": document.holder,
        "fields": document.fields,
        "access_code": access_code,
        "seal": document.seal,
        "issued_at": document.issued_at.isoformat(),
        "expires_at": document.expires_at.isoformat(),
        "status": status,
    }


def payment_view(payment: Payment | None) -> dict[str, Any] | None:
    if payment is None:
        return None
    euros = f"{payment.amount_cents / 100:.2f}".replace(".", ",")
    return {
        "id": payment.id,
        "entity": payment.entity,
        "reference": payment.reference,
        "amount_cents": payment.amount_cents,
        "amount_display": f"{euros} €",
        "status": payment.status,
        "method": payment.method,
    }


def application_view(
    application: Application,
    documents: list[tuple[Document, str | None]],
    payment: Payment | None,
    history: list[ApplicationEvent],
    language: Language,
) -> dict[str, Any]:
    return {
        "id": application.id,
        "reference": application.reference,
        "service_code": application.service_code,
        "status": application.status,
        "created_at": application.created_at.isoformat(),
        "documents": [document_view(doc, code, language) for doc, code in documents],
        "payment": payment_view(payment),
        "history": [
            {"status": event.status, "note": event.note, "at": event.at.isoformat()} for event in history
        ],
    }


async def _extra_checks(
    db: AsyncSession, service: ServiceDefinition, answers: dict[str, Any]
) -> list[FieldError]:
    """Rules that need the database, beyond the form definition."""
    nipc = answers.get("nipc") if service.code == "COMPANY-CERT" else None
    if nipc and await db.get(Company, nipc) is None:
        return [FieldError("nipc", "field.nipc_unknown", {})]
    return []


async def _replay(
    db: AsyncSession, device_id: str, key: str, fingerprint: str
) -> tuple[int, dict[str, Any]] | None:
    record = await db.get(IdempotencyRecord, (device_id, key))
    if record is None:
        return None
    if record.request_hash != fingerprint:
        raise Problem(
            409,
            "idempotency-key-reused",
            "problem.idempotency_conflict",
            "problem.idempotency_conflict.detail",
        )
    return record.status_code, record.response


async def fulfil(
    db: AsyncSession,
    application: Application,
    service: ServiceDefinition,
    place: str,
    signer: Signer,
) -> list[IssuedDocument]:
    """What happens once nothing (or no fee) stands in the way: issue, queue, or send the letter."""
    person = await db.get(Person, application.person_id) if application.person_id else None
    if service.fulfilment is Fulfilment.INSTANT:
        application.status = COMPLETED
        return [await issue_document(db, application, service, person, place, signer)]
    if service.fulfilment is Fulfilment.CONFIRMATION:
        # The code travels by letter to the new address; only its digest stays with the application.
        code = new_code(2, 4)
        application.confirmation_code_hash = code_digest(code)
        application.status = AWAITING_CONFIRMATION
        address = application.answers.get("new_address") or {}
        db.add(Letter(id=new_id(), application_id=application.id, address=address, code=code))
        return []
    application.status = SUBMITTED
    return []


async def submit_application(
    db: AsyncSession,
    snapshot: CatalogSnapshot,
    principal: Principal,
    language: Language,
    body: SubmitApplication,
    idempotency_key: str | None,
    signer: Signer,
    *,
    extra_answers: dict[str, Any] | None = None,
) -> tuple[int, dict[str, Any]]:
    """Create the application once per Idempotency-Key; a retry gets the first answer again.

    extra_answers are kept with the validated answers in the same commit (the Open311 facade's lat/long).
    """
    if not idempotency_key:
        raise Problem(400, "idempotency-key-missing", "problem.bad_request", "problem.idempotency_missing")
    if not IDEMPOTENCY_KEY.match(idempotency_key):
        raise Problem(400, "idempotency-key-invalid", "problem.bad_request", "problem.idempotency_invalid")
    device = principal.device
    fingerprint = request_fingerprint(body, principal)
    replay = await _replay(db, device.id, idempotency_key, fingerprint)
    if replay is not None:
        return replay

    service = snapshot.services.get(body.service_code)
    if service is None:
        raise validation_problem([FieldError("service_code", "field.unknown_service", {})])
    if service.assurance is Assurance.CARD and principal.person_id is None:
        raise unauthorized("problem.session_required")
    outcome = validate_answers(service.form, body.answers)
    errors = list(outcome.errors) or await _extra_checks(db, service, outcome.answers)
    if errors:
        raise validation_problem(errors)

    application = Application(
        id=new_id(),
        reference=new_reference(),
        service_code=service.code,
        person_id=principal.person_id,
        device_id=device.id,
        channel=device.channel,
        status=SUBMITTED,
        answers={**outcome.answers, **(extra_answers or {})},
        language=language,
        created_at=utcnow(),
        updated_at=utcnow(),
        staff_id=principal.staff_id or await clerk_at_counter(db, device),
    )
    db.add(application)
    history = [
        ApplicationEvent(
            application_id=application.id, status=SUBMITTED, note="", actor=principal.actor, at=utcnow()
        )
    ]
    issued: list[IssuedDocument] = []
    payment: Payment | None = None
    if service.fee_cents > 0:
        payment = await create_payment(db, application, service.fee_cents)
        application.status = AWAITING_PAYMENT
    else:
        issued = await fulfil(db, application, service, device.name, signer)
    if application.status != SUBMITTED:
        history.append(
            ApplicationEvent(
                application_id=application.id, status=application.status, note="", actor="portal", at=utcnow()
            )
        )
    db.add_all(history)
    if principal.person_id:
        await record(
            db,
            principal.actor,
            device,
            "application.create",
            service.code,
            principal.person_id,
            application.reference,
        )
    response = application_view(
        application, [(doc.row, doc.access_code) for doc in issued], payment, history, language
    )
    db.add(
        IdempotencyRecord(
            device_id=device.id,
            key=idempotency_key,
            request_hash=fingerprint,
            status_code=201,
            response=response,
        )
    )
    try:
        await db.commit()
    except IntegrityError:
        # Another worker stored the same key first: answer as it did (or 409 if the body differs).
        await db.rollback()
        replay = await _replay(db, device.id, idempotency_key, fingerprint)
        if replay is None:
            raise
        return replay
    return 201, response


async def load_application_view(
    db: AsyncSession, application: Application, language: Language
) -> dict[str, Any]:
    documents = list(await db.scalars(select(Document).where(Document.application_id == application.id)))
    payment = await db.scalar(select(Payment).where(Payment.application_id == application.id))
    history = list(
        await db.scalars(
            select(ApplicationEvent)
            .where(ApplicationEvent.application_id == application.id)
            .order_by(ApplicationEvent.id)
        )
    )
    return application_view(application, [(doc, None) for doc in documents], payment, history, language)
