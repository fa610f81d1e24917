"""Company on the spot without screens: only free firm names offered, and the rules across pages said on the
page that breaks them, as the portal says them (tests/portal/test_journeys2_api.py)."""

from __future__ import annotations

import pytest

from kiosk.client.models import ServiceDetail
from kiosk.journey.company import CompanyJourney, with_free_names
from kiosk.journey.journey import Step
from portal.content import DEMO_SERVICES

MARIA, OTHER = "123456789", "500000000"
OFFICE = {"street": "Rua do Ouro 1", "postal_code": "1100-060", "locality": "Lisboa"}


def company_service(language: str = "en") -> ServiceDetail:
    [definition] = [service for service in DEMO_SERVICES if service.code == "COMPANY-ON-THE-SPOT"]
    return ServiceDetail.from_json(definition.full_view(language))  # as the portal publishes it


def journey(free: list[dict[str, str]] | None = None) -> CompanyJourney:
    service = company_service()
    if free is not None:
        service = with_free_names(service, free)
    company = CompanyJourney(service, applicant_nif=MARIA, language="en")
    company.begin()
    return company


def test_only_the_free_names_are_offered() -> None:
    company = journey([{"value": "serra-verde", "name": "Serra Verde, Lda."}])
    assert company.question is not None
    assert [option.value for option in company.question.field.options] == ["serra-verde"]
    [problem] = company.answer("mar-azul")  # taken meanwhile: no longer a choice
    assert problem.code == "field.choice"


def test_the_rules_across_pages() -> None:
    company = journey()
    for raw in ("mar-azul", "lda", "partner"):
        assert company.answer(raw) == ()
    [problem] = company.answer([{"nif": MARIA, "share": "100"}])
    assert problem.code == "field.partners_count"
    assert "2 to 10" in problem.message("en")
    [problem] = company.answer([{"nif": OTHER, "share": "50"}, {"nif": "234567899", "share": "50"}])
    assert problem.code == "field.partners_applicant"  # the applicant said "partner" but is not in the list
    [problem] = company.answer([{"nif": MARIA, "share": "50"}, {"nif": OTHER, "share": "40"}])
    assert problem.code == "field.partners_total"
    assert "90" in problem.message("pt")
    assert company.answer([{"nif": MARIA, "share": "60"}, {"nif": OTHER, "share": "40"}]) == ()
    [problem] = company.answer("1")
    assert problem.code == "field.capital_per_partner"
    for raw in ("5000", "62010", OFFICE):
        assert company.answer(raw) == ()
    assert company.step is Step.CHECK
    rows = {row.field.id: row.shown for row in company.check_rows()}
    assert rows["partners"] == f"{MARIA} (60.00 %), {OTHER} (40.00 %)"


def test_a_representative_need_not_be_a_partner() -> None:
    company = journey()
    for raw in ("mar-azul", "unipessoal", "representative"):
        assert company.answer(raw) == ()
    assert company.answer([{"nif": OTHER, "share": "100"}]) == ()


def test_only_for_the_company_on_the_spot() -> None:
    with pytest.raises(ValueError, match="COMPANY-ON-THE-SPOT"):
        CompanyJourney(ServiceDetail.from_json({"code": "X", "name": "X"}), applicant_nif=None)
