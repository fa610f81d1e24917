"""Company on the spot, without any screen: only the firm names still free are offered, and the rules across
pages are said on the page that breaks them, as the portal will (portal/companies.py): the legal form's number
of partners, the applicant among the partners (unless representing them), 1 € of capital per partner.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation

from kiosk.client.models import ServiceDetail
from kiosk.journey.journey import Journey
from kiosk.journey.validation import Problem, validate_field

COMPANY_ON_THE_SPOT = "COMPANY-ON-THE-SPOT"
PARTNERS_BY_FORM = {"unipessoal": (1, 1), "lda": (2, 10)}
CAPITAL_PER_PARTNER = Decimal(1)


def with_free_names(service: ServiceDetail, free: Sequence[Mapping[str, str]]) -> ServiceDetail:
    """The service with its firm-name choice cut down to the names the portal still offers."""
    values = {name["value"] for name in free}
    fields = tuple(
        dataclasses.replace(item, options=tuple(o for o in item.options if o.value in values))
        if item.id == "company_name"
        else item
        for item in service.fields
    )
    return dataclasses.replace(service, fields=fields)


class CompanyJourney(Journey):
    """COMPANY-ON-THE-SPOT, knowing the applicant's NIF from the card."""

    def __init__(
        self,
        service: ServiceDetail,
        *,
        applicant_nif: str | None,
        card_values: Mapping[str, object] | None = None,
        language: str = "pt",
    ) -> None:
        if service.summary.code != COMPANY_ON_THE_SPOT:
            raise ValueError(f"CompanyJourney is for {COMPANY_ON_THE_SPOT}, not {service.summary.code}")
        super().__init__(service, card_values=card_values, language=language)
        self.applicant_nif = applicant_nif

    def answer(self, raw: object) -> tuple[Problem, ...]:
        question = self.question
        if question is not None:
            result = validate_field(question.field, raw)
            value = getattr(result, "value", None)
            problem = self._across(question.field.id, value)
            if problem is not None:
                self._refused = (raw, (problem,))
                return (problem,)
        return super().answer(raw)

    def _across(self, field_id: str, value: object) -> Problem | None:
        earlier = self.submission_answers()
        if field_id == "partners" and isinstance(value, list):
            fewest, most = PARTNERS_BY_FORM.get(str(earlier.get("legal_form")), (1, 10))
            if not fewest <= len(value) <= most:
                return Problem("partners", "field.partners_count", {"min": fewest, "max": most})
            nifs = {row.get("nif") for row in value if isinstance(row, dict)}
            if earlier.get("applicant_role") == "partner" and self.applicant_nif not in nifs:
                return Problem("partners", "field.partners_applicant")
        if field_id == "share_capital" and value is not None:
            partners = earlier.get("partners")
            count = len(partners) if isinstance(partners, list) else 0
            try:
                capital = Decimal(str(value))
            except InvalidOperation:
                return None
            if count and capital < CAPITAL_PER_PARTNER * count:
                return Problem("share_capital", "field.capital_per_partner", {"min": count})
        return None
