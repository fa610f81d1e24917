"""What a completed application produces: documents with access codes, payment references, companies."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from portal.catalog import ServiceDefinition
from portal.checkdigits import multibanco_reference, nif_with_check_digit
from portal.content.services_business import PRE_APPROVED_NAMES
from portal.forms import FieldType, FormField
from portal.i18n import Language
from portal.models import Application, Company, Document, Payment, Person, utcnow
from portal.sealing import Signer
from portal.security import code_digest, new_code, new_id

PAYMENT_ENTITY = "21800"
"""Demo Multibanco entity of the administration (5 digits)."""
DOCUMENT_VALIDITY = {"criminal-record": 90, "tax-status-certificate": 90, "company-certificate": 365}
DEFAULT_VALIDITY_DAYS = 180
YES_NO = {"pt": ("Sim", "Não"), "en": ("Yes", "No")}
REFERENCE_LABEL = {"pt": "Referência", "en": "Reference"}
PLACE_LABEL = {"pt": "Local", "en": "Place"}


CERTIFICATE_CODE_LABEL = {
    "pt": "Código de acesso à certidão permanente",
    "en": "Permanent certificate access code",
}
NEW_CERTIFICATE_CODE = {
    "pt": "impresso só na primeira via; um novo código: um sócio ou o representante, com o seu cartão, "
    "em «Os meus pedidos» ou num balcão",
    "en": "printed on the first copy only; a new code: a partner or the representative, with their card, "
    "in “My applications” or at a counter",
}
"""What the sealed fields say in the code's place: the seal, the stored fields and every later view or reprint
carry this, never the code."""


@dataclass(frozen=True)
class IssuedDocument:
    row: Document
    access_code: str
    """Shown and printed once; only its digest is stored."""
    other_codes: dict[str, str] = field(default_factory=dict)
    """Codes issued with the document for something else (label: code), such as a new company's
    permanent-certificate code: shown and printed once beside the access code, by the same path, and kept
    only as a digest where they are checked (Company.certificate_code_hash)."""


def shown_once(issued: IssuedDocument | None) -> dict[str, Any]:
    """The parts of a document's view given only in the answer that issues it (issued); blank in any later
    view (None): a listing, a reprint, a repeated settlement."""
    if issued is None:
        return {"access_code": None, "other_codes": {}}
    return {"access_code": issued.access_code, "other_codes": dict(issued.other_codes)}


def display_value(field: FormField, value: Any, language: Language) -> str:
    """An answer as it is printed on a document."""
    if field.type is FieldType.YES_NO:
        return YES_NO[language][0 if value else 1]
    labels = {option.value: option.label.in_(language) for option in field.options}
    if field.type is FieldType.SINGLE_CHOICE:
        return labels.get(str(value), str(value))
    if field.type is FieldType.MULTIPLE_CHOICE:
        return ", ".join(labels.get(item, item) for item in value)
    if field.type is FieldType.ADDRESS:
        return f"{value['street']}, {value['postal_code']} {value['locality']}"
    if field.type is FieldType.MONEY:
        return f"{value} €"
    return str(value)


def person_name(person: Person | None) -> str:
    return f"{person.given_names} {person.surname}" if person else ""


async def register_company(
    db: AsyncSession, answers: dict[str, Any], registered_by: str | None, language: Language
) -> tuple[dict[str, str], dict[str, str]]:
    """Register an on-the-spot company: mint its NIPC and the permanent-certificate access code.

    (the document's fields, the code by its label): the code goes out once with the issued document and is
    stored only as the company's digest; the fields say where a new one comes from instead."""
    while True:
        nipc = nif_with_check_digit("5" + f"{secrets.randbelow(10**7):07d}")
        if await db.get(Company, nipc) is None:
            break
    access_code = new_code(3, 4)
    names = {option.value: option.label.in_(language) for option in PRE_APPROVED_NAMES}
    company = Company(
        nipc=nipc,
        name=names.get(answers["company_name"], answers["company_name"]),
        legal_form=answers["legal_form"],
        share_capital=answers["share_capital"],
        activity_code=answers["activity_code"],
        registered_office=answers["registered_office"],
        partner_nifs=[row["nif"] for row in answers.get("partners") or ()],
        certificate_code_hash=code_digest(access_code),
        registered_by=registered_by,
    )
    db.add(company)
    labels = {"pt": ("Firma", "NIPC"), "en": ("Company name", "NIPC")}[language]
    code_label = CERTIFICATE_CODE_LABEL[language]
    fields = {labels[0]: company.name, labels[1]: nipc, code_label: NEW_CERTIFICATE_CODE[language]}
    return fields, {code_label: access_code}


async def company_certificate_fields(db: AsyncSession, nipc: str, language: Language) -> dict[str, str] | None:
    company = await db.get(Company, nipc)
    if company is None:
        return None
    labels = {
        "pt": ("Firma", "NIPC", "CAE", "Capital social", "Sede"),
        "en": ("Company name", "NIPC", "Activity code", "Share capital", "Registered office"),
    }[language]
    office = company.registered_office
    return {
        labels[0]: company.name,
        labels[1]: company.nipc,
        labels[2]: company.activity_code,
        labels[3]: f"{company.share_capital} €",
        labels[4]: f"{office['street']}, {office['postal_code']} {office['locality']}",
    }


async def issue_document(
    db: AsyncSession,
    application: Application,
    service: ServiceDefinition,
    person: Person | None,
    place: str,
    signer: Signer,
) -> IssuedDocument:
    language: Language = "en" if application.language == "en" else "pt"
    answers = application.answers
    fields: dict[str, str] = {REFERENCE_LABEL[language]: application.reference}
    other_codes: dict[str, str] = {}
    if service.code == "COMPANY-ON-THE-SPOT":
        company_fields, other_codes = await register_company(db, answers, application.person_id, language)
        fields.update(company_fields)
    elif service.code == "COMPANY-CERT":
        fields.update(await company_certificate_fields(db, answers["nipc"], language) or {})
    else:
        by_id = {field.id: field for field in service.form.fields}
        for field_id, value in answers.items():
            field = by_id.get(field_id)
            if field is None:
                continue  # kept with the answers but not asked by the form (a counter's _representing)
            fields[field.label.in_(language)] = display_value(field, value, language)
    if service.code == "INFO-SHEET":
        fields[PLACE_LABEL[language]] = place
    access_code = new_code()
    issued = utcnow()
    days = DOCUMENT_VALIDITY.get(service.document_type or "", DEFAULT_VALIDITY_DAYS)
    row = Document(
        id=new_id(),
        application_id=application.id,
        person_id=application.person_id,
        type=service.document_type or service.code.lower(),
        title=service.name.model_dump(),
        holder=person_name(person),
        fields=fields,
        access_code_hash=code_digest(access_code),
        issued_at=issued,
        expires_at=issued + dt.timedelta(days=days),
    )
    row.seal = await signer.seal(db, row)
    db.add(row)
    return IssuedDocument(row, access_code, other_codes)


async def create_payment(db: AsyncSession, application: Application, amount_cents: int) -> Payment:
    """A Multibanco-style reference for the fee; the amount is bound into its check digits."""
    while True:
        prefix = f"{secrets.randbelow(10**7):07d}"
        reference = multibanco_reference(PAYMENT_ENTITY, prefix, amount_cents)
        taken = await db.scalar(
            select(Payment.id).where(Payment.entity == PAYMENT_ENTITY, Payment.reference == reference)
        )
        if taken is None:
            break
    payment = Payment(
        id=new_id(),
        application_id=application.id,
        entity=PAYMENT_ENTITY,
        reference=reference,
        amount_cents=amount_cents,
        status="pending",
    )
    db.add(payment)
    return payment
