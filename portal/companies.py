"""Company on the spot: the pre-approved firm names still free, their reservation, the rules that need the
database or the applicant (the form's own rules are in portal/forms.py), and a new permanent-certificate access
code for a company's partner or representative.

A name is reserved by the application that chose it, in the same transaction that stores the application, so
two kiosks cannot take the same name: the second one is refused with field.firm_name_taken.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from portal.catalog import ServiceDefinition
from portal.content.services_business import PRE_APPROVED_NAMES
from portal.forms import FieldError
from portal.i18n import MESSAGES, Language
from portal.issuing import CERTIFICATE_CODE_LABEL
from portal.models import Application, Company, FirmNameReservation, Person, utcnow
from portal.problems import Problem
from portal.security import code_digest, new_code

COMPANY_ON_THE_SPOT = "COMPANY-ON-THE-SPOT"
PARTNERS_BY_FORM = {"unipessoal": (1, 1), "lda": (2, 10)}
"""How many partners each legal form takes (fewest, most)."""
CAPITAL_PER_PARTNER = Decimal(1)
"""Each partner's quota is at least 1 € (Código das Sociedades Comerciais, art. 219.º)."""


async def reserved_names(db: AsyncSession) -> set[str]:
    return set(await db.scalars(select(FirmNameReservation.value)))


async def free_firm_names(db: AsyncSession, language: Language) -> list[dict[str, str]]:
    """The pre-approved names nobody has taken, in the catalog's order."""
    taken = await reserved_names(db)
    return [
        {"value": option.value, "name": option.label.in_(language)}
        for option in PRE_APPROVED_NAMES
        if option.value not in taken
    ]


async def company_problems(
    db: AsyncSession, service: ServiceDefinition, answers: dict[str, Any], person_id: str | None
) -> list[FieldError]:
    """What the form alone cannot say about a company on the spot; empty for any other service."""
    if service.code != COMPANY_ON_THE_SPOT:
        return []
    problems: list[FieldError] = []
    name = answers.get("company_name")
    if name and await db.get(FirmNameReservation, name) is not None:
        problems.append(FieldError("company_name", "field.firm_name_taken", {}))
    partners = answers.get("partners") or []
    fewest, most = PARTNERS_BY_FORM.get(str(answers.get("legal_form")), (1, 10))
    if not fewest <= len(partners) <= most:
        problems.append(FieldError("partners", "field.partners_count", {"min": fewest, "max": most}))
    capital = Decimal(str(answers.get("share_capital") or 0))
    if partners and capital < CAPITAL_PER_PARTNER * len(partners):
        problems.append(FieldError("share_capital", "field.capital_per_partner", {"min": len(partners)}))
    if answers.get("applicant_role") == "partner":
        person = await db.get(Person, person_id) if person_id else None
        nifs = {row.get("nif") for row in partners if isinstance(row, dict)}
        if person is None or person.tax_id not in nifs:
            problems.append(FieldError("partners", "field.partners_applicant", {}))
    return problems


def reserve_firm_name(db: AsyncSession, application: Application) -> None:
    """Take the chosen name for this application (its insert fails if another took it meanwhile)."""
    if application.service_code == COMPANY_ON_THE_SPOT and application.answers.get("company_name"):
        db.add(FirmNameReservation(value=application.answers["company_name"], application_id=application.id))


COMPANY_CODE_MESSAGES: dict[Language, dict[str, str]] = {
    "en": {
        "problem.company_code_refused.detail": (
            "A new permanent-certificate access code is given only to a partner of the company, or to the "
            "person who registered it for the partners, signed in with their own citizen card."
        ),
    },
    "pt": {
        "problem.company_code_refused.detail": (
            "Um novo código de acesso à certidão permanente só é dado a um sócio da empresa, ou a quem a "
            "registou pelos sócios, autenticado com o seu próprio Cartão de Cidadão."
        ),
    },
}
for _language, _texts in COMPANY_CODE_MESSAGES.items():
    MESSAGES[_language].update(_texts)


def company_code_refused() -> Problem:
    """The one answer to anyone who may not have a new code: the same for a company that does not exist, so the
    refusal says nothing about which NIPCs are registered."""
    return Problem(403, "company-code-refused", "problem.forbidden", "problem.company_code_refused.detail")


async def company_for_new_code(db: AsyncSession, nipc: str, person_id: str) -> Company:
    """The company, locked, when this person may have a new code for it: a partner (their NIF among the
    partners') or whoever registered it (the partners' representative). 403 otherwise, also for no company."""
    company = await db.get(Company, nipc, with_for_update=True)
    person = await db.get(Person, person_id)
    if company is None or person is None:
        raise company_code_refused()
    if person.tax_id and person.tax_id in {str(nif) for nif in company.partner_nifs}:
        return company
    if company.registered_by == person_id:
        return company
    raise company_code_refused()


def replace_certificate_code(company: Company, language: Language) -> dict[str, str]:
    """Mint a new permanent-certificate access code for the company: only its digest is kept, in place of the
    old one, which stops working. The answer, the one place the plain code appears (shown and printed once)."""
    code = new_code(3, 4)
    company.certificate_code_hash = code_digest(code)
    return {
        "nipc": company.nipc,
        "company_name": company.name,
        "label": CERTIFICATE_CODE_LABEL[language],
        "code": code,
        "issued_at": utcnow().isoformat(),
    }
