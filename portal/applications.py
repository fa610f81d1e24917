"""Submitting applications: idempotency, validation against the form, and what each fulfilment does."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import re
import secrets
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from portal.audit import clerk_at_counter, record
from portal.catalog import Assurance, Fulfilment, ServiceDefinition
from portal.catalog_store import CatalogSnapshot
from portal.companies import company_problems, reserve_firm_name
from portal.deps import Principal, unauthorized
from portal.forms import FieldError, validate_answers
from portal.i18n import Language
from portal.issuing import IssuedDocument, create_payment, issue_document, shown_once
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


def request_fingerprint(body: SubmitApplication, principal: Principal) -> bytes:
    """What makes two submissions the same request: service, answers and person."""
    canonical = json.dumps(
        {"service": body.service_code, "answers": body.answers, "person": principal.person_id},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return canonical.encode()


def idempotency_key_digest(idempotency_key: str) -> str:
    """How a key is stored: its SHA-256, never the key itself (the key opens the answer, AnswerSeal)."""
    return hashlib.sha256(idempotency_key.encode()).hexdigest()


class AnswerSeal:
    """The answer kept for a retry, readable only with the credential and Idempotency-Key of the request.

    That answer holds what is shown once (access codes) and personal data (the holder's name, the answers),
    so it is stored encrypted (AES-256-GCM) under a key derived (HKDF-SHA256) from the device's credential
    and the Idempotency-Key, neither of which the database keeps (only their SHA-256 digests). A retry
    brings both back and reads the first answer byte for byte; a copy of the database reads nothing. The
    request hash is an HMAC under a key derived the same way, so it cannot be matched against guesses.
    """

    def __init__(self, credential: str, device_id: str, idempotency_key: str, fingerprint: bytes) -> None:
        keys = HKDF(
            algorithm=hashes.SHA256(), length=64, salt=None, info=b"portal idempotency v1 " + device_id.encode()
        ).derive(credential.encode() + b"\0" + idempotency_key.encode())
        self._cipher = AESGCM(keys[:32])
        self.key_digest = idempotency_key_digest(idempotency_key)
        self.request_hash = hmac.new(keys[32:], fingerprint, hashlib.sha256).hexdigest()

    def close(self, response: dict[str, Any]) -> tuple[str, str]:
        """(request hash, sealed answer) to store."""
        nonce = secrets.token_bytes(12)
        plain = json.dumps(response, ensure_ascii=False, separators=(",", ":")).encode()
        sealed = nonce + self._cipher.encrypt(nonce, plain, self.key_digest.encode())
        return self.request_hash, base64.b64encode(sealed).decode()

    def open(self, request_hash: str, sealed_response: str) -> dict[str, Any] | None:
        """The first answer; None when the stored request differs (or was sealed under another credential)."""
        if not hmac.compare_digest(request_hash, self.request_hash):
            return None
        sealed = base64.b64decode(sealed_response)
        try:
            plain = self._cipher.decrypt(sealed[:12], sealed[12:], self.key_digest.encode())
        except InvalidTag:
            return None
        answer: dict[str, Any] = json.loads(plain)
        return answer


def new_reference() -> str:
    """A reference a person can read over the phone: year and eight unambiguous characters."""
    year = utcnow().year
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{year}-{body[:4]}-{body[4:]}"


def document_view(document: Document, issued: IssuedDocument | None, language: Language) -> dict[str, Any]:
    """issued: given only in the answer that issues the document, whose codes are shown this once."""
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
        **shown_once(issued),
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
    documents: list[tuple[Document, IssuedDocument | None]],
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
        "documents": [document_view(doc, issued, language) for doc, issued in documents],
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


async def replay_kept_answer(
    db: AsyncSession, device_id: str, seal: AnswerSeal
) -> tuple[int, dict[str, Any]] | None:
    """The first answer to this key of this device, if any; 409 when it was given to another request."""
    record = await db.get(IdempotencyRecord, (device_id, seal.key_digest))
    if record is None:
        return None
    response = seal.open(record.request_hash, record.sealed_response)
    if response is None:
        raise Problem(
            409,
            "idempotency-key-reused",
            "problem.idempotency_conflict",
            "problem.idempotency_conflict.detail",
        )
    return record.status_code, response


async def forget_stale_answer(
    db: AsyncSession, device_id: str, idempotency_key: str, before: dt.datetime
) -> None:
    """Drop the answer kept for this device and key if it was given before `before` (a retry window)."""
    await db.execute(
        delete(IdempotencyRecord).where(
            IdempotencyRecord.device_id == device_id,
            IdempotencyRecord.key == idempotency_key_digest(idempotency_key),
            IdempotencyRecord.created_at < before,
        )
    )


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
    credential: str,
    extra_answers: dict[str, Any] | None = None,
) -> tuple[int, dict[str, Any]]:
    """Create the application once per Idempotency-Key; a retry gets the first answer again.

    credential is the device's own token (or Open311 api_key): with the Idempotency-Key it is the key of the
    answer kept for a retry (AnswerSeal), so the database holds no readable copy of that answer.

    extra_answers are kept with the validated answers in the same commit (the Open311 facade's lat/long).
    """
    if not idempotency_key:
        raise Problem(400, "idempotency-key-missing", "problem.bad_request", "problem.idempotency_missing")
    if not IDEMPOTENCY_KEY.match(idempotency_key):
        raise Problem(400, "idempotency-key-invalid", "problem.bad_request", "problem.idempotency_invalid")
    device = principal.device
    seal = AnswerSeal(credential, device.id, idempotency_key, request_fingerprint(body, principal))
    replay = await replay_kept_answer(db, device.id, seal)
    if replay is not None:
        return replay

    service = snapshot.services.get(body.service_code)
    if service is None:
        raise validation_problem([FieldError("service_code", "field.unknown_service", {})])
    if service.assurance is Assurance.CARD and principal.person_id is None:
        raise unauthorized("problem.session_required")
    outcome = validate_answers(service.form, body.answers)
    errors = list(outcome.errors) or await _extra_checks(db, service, outcome.answers)
    errors = errors or await company_problems(db, service, outcome.answers, principal.person_id)
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
    reserve_firm_name(db, application)  # a company's chosen name is taken with its application
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
    # Anonymous submissions too: their answers may be personal data (an address, a phone) of someone the
    # portal cannot name, so the device and the service are recorded, never the answers.
    await record(
        db,
        principal.actor,
        device,
        "application.create",
        service.code,
        principal.person_id,
        application.reference,
    )
    response = application_view(application, [(doc.row, doc) for doc in issued], payment, history, language)
    return await commit_with_kept_answer(db, device.id, seal, 201, response)


async def commit_with_kept_answer(
    db: AsyncSession, device_id: str, seal: AnswerSeal, status_code: int, response: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    """Commit the request's changes together with its answer, sealed and kept for a retry (status, answer).

    Another worker that stored the same key first wins: this transaction is rolled back and its answer given
    (or 409 if its request differs), so the change happens once however many times the request arrives.
    """
    request_hash, sealed_response = seal.close(response)
    db.add(
        IdempotencyRecord(
            device_id=device_id,
            key=seal.key_digest,
            request_hash=request_hash,
            status_code=status_code,
            sealed_response=sealed_response,
        )
    )
    try:
        await db.commit()
    except IntegrityError:
        await db.rollback()
        replay = await replay_kept_answer(db, device_id, seal)
        if replay is None:
            raise
        return replay
    return status_code, response


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
