"""A new company certificate code at the kiosk, against the portal under uvicorn (the core's embedded portal):
a company paid later (settled by a clerk, standing in for the Multibanco network) has a code nobody saw; its
partner asks for a new one at the kiosk, which shows it and prints it on the receipt printer, read back with
pdftotext. Someone who may not have it is refused, alike for a NIPC nobody has. The receipt of the company's
application says how to get the code."""

from __future__ import annotations

import re
from pathlib import Path

from kiosk.core import KioskCore
from kiosk.services.company_code import CompanyCodeService, registered_nipcs, typed_nipc
from tests.conftest import pdf_text
from tests.core.test_core_submit import core, signed_in
from tests.journey.test_company_papers import apply_for_company, settle_by_clerk

__all__ = ["core"]

CODE = re.compile(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}")


def service_of(core: KioskCore) -> CompanyCodeService:
    return CompanyCodeService(core.settings.kiosk.id, core.portal_service, core.paper)


async def test_paid_later_the_partner_gets_a_new_code_shown_and_printed(
    core: KioskCore, spool_dir: Path
) -> None:
    session = await signed_in(core, "maria")  # a partner of the company (tests/journey/test_company_papers.py)
    reference, payment_id = await apply_for_company(core, session)
    receipt = " ".join(pdf_text(spool_dir / f"{reference}-receipt.pdf").split())
    assert "New company certificate code" in receipt, "the Multibanco receipt says how to get the code"
    await settle_by_clerk(core, payment_id)

    [nipc, *_] = registered_nipcs(await core.my_applications(session))
    service = service_of(core)
    key = service.new_key()
    outcome = await service.request(session, nipc, key, "en")
    assert not outcome.refused
    assert outcome.nipc == nipc
    assert CODE.fullmatch(outcome.code), outcome
    assert outcome.printed
    paper = " ".join(pdf_text(spool_dir / f"{nipc}-receipt.pdf").split())
    assert f"Permanent certificate access code: {outcome.code}" in paper, paper
    assert "The previous code no longer works" in paper
    again = await service.request(session, nipc, key, "en")
    assert again.code == outcome.code, "the same press, retried, gives the same code"
    assert outcome.code not in repr(outcome), "the code stays out of logs and reprs"


async def test_someone_else_is_refused_alike_for_any_nipc(core: KioskCore) -> None:
    session = await signed_in(core, "ines", b"1357")  # the demo company's partner is Maria, not Inês
    service = service_of(core)
    existing = await service.request(session, "509999999", service.new_key(), "en")
    nobody = await service.request(session, "599999990", service.new_key(), "en")
    assert existing.refused
    assert nobody.refused
    assert existing == type(existing)("509999999", refused=True), "no code, nothing printed"


def test_a_nipc_as_people_type_it() -> None:
    assert typed_nipc(" 509 999 999 ") == "509999999"
    assert typed_nipc("50999999") is None
    assert typed_nipc("5O9999999") is None
