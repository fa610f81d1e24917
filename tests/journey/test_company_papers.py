"""The company on the spot on paper, against the portal under uvicorn (the kiosk core's embedded portal): paid
in cash at the counter, the certificate printed there shows the new NIPC and the permanent-certificate access
code; paid later (by reference), the receipt says how to get them and "My applications" prints the NIPC at a
kiosk, and, in the code's place, where a new code comes from: the code is given once, on the first paper only.
Every paper is read back with pdftotext."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from kiosk.client import PortalClient
from kiosk.client.staff import StaffClient
from kiosk.core import KioskCore
from kiosk.counter.service import CounterService
from kiosk.services.models import ApplicationInfo
from kiosk.session import CitizenSession
from portal.checkdigits import nif_is_valid
from portal.content.demo_people import DEMO_COUNTER_TOKEN, DEMO_STAFF
from tests.conftest import pdf_text
from tests.core.test_core_submit import core, signed_in

__all__ = ["core"]  # the fixture, shared with tests/core/test_core_submit.py

OFFICE = {"street": "Rua do Ouro 1", "postal_code": "1100-060", "locality": "Lisboa"}
ACCESS_CODE = re.compile(r"Permanent certificate access code\s*:?\s*([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})")


def company_answers(firm_name: str) -> dict[str, object]:
    """A two-partner company with this pre-approved name (also tests/portal/test_company_code_digest.py)."""
    return {
        "company_name": firm_name,
        "legal_form": "lda",
        "applicant_role": "representative",
        "partners": [{"nif": "123456789", "share": "60"}, {"nif": "500000000", "share": "40"}],
        "share_capital": "5000",
        "activity_code": "62010",
        "registered_office": OFFICE,
    }


async def apply_for_company(core: KioskCore, session: CitizenSession) -> tuple[str, str]:
    """A company applied for at the kiosk: (its application reference, the payment id)."""
    client = core.portal
    assert client is not None
    answers = company_answers((await client.firm_names("en"))[0]["value"])
    service = (await core.service("COMPANY-ON-THE-SPOT", "en")).summary
    made = await core.applications.submit(session, service, answers, f"test-{secrets.token_hex(8)}", "en")
    assert made.status == "awaiting_payment", made
    assert made.payment is not None
    listed = {item.reference: item for item in await core.my_applications(session)}
    payment = await client.call(
        "GET",
        f"/v1/applications/{made.reference}",
        "en",
        headers={"X-Session-Token": session.portal_token or ""},
    )
    assert listed[made.reference].status == "awaiting_payment"
    return made.reference, str(payment["payment"]["id"])


async def settle_by_clerk(core: KioskCore, payment_id: str) -> None:
    """The Multibanco network is not here: a clerk settles the reference through the portal's own route."""
    staff = StaffClient(PortalClient(core.portal_service.url, DEMO_COUNTER_TOKEN))
    username, _, _, password = next(entry for entry in DEMO_STAFF if entry[2] == "clerk")
    clerk = await staff.login(username, password, "en")
    await staff.portal.call(
        "POST",
        f"/v1/payments/{payment_id}/settle",
        "en",
        content=b'{"method": "cash"}',
        headers={"X-Session-Token": clerk.token, "Content-Type": "application/json"},
    )
    await staff.portal.aclose()


def printed_papers(spool: Path, reference: str) -> str:
    """Every paper of one application but its receipt, as one text."""
    papers = [path for path in sorted(spool.glob(f"{reference}*.pdf")) if "receipt" not in path.name]
    assert papers, f"nothing printed for {reference} in {sorted(p.name for p in spool.iterdir())}"
    return "\n".join(pdf_text(path) for path in papers)


def nipc_and_code(text: str) -> tuple[str, str]:
    flat = " ".join(text.split())
    nipc = re.search(r"NIPC\s*:?\s*(5[0-9]{8})", flat)
    code = ACCESS_CODE.search(flat)
    assert nipc is not None, flat
    assert code is not None, flat
    assert nif_is_valid(nipc.group(1))
    return nipc.group(1), code.group(1)


async def test_cash_at_the_counter_prints_the_nipc_and_access_code(core: KioskCore, spool_dir: Path) -> None:
    session = await signed_in(core)
    reference, _payment_id = await apply_for_company(core, session)
    receipt = " ".join(pdf_text(spool_dir / f"{reference}-receipt.pdf").split())
    assert "My applications" in receipt  # how to get the papers if paid later
    assert "NIPC" in receipt

    staff = StaffClient(PortalClient(core.portal_service.url, DEMO_COUNTER_TOKEN))
    username, _, _, password = next(entry for entry in DEMO_STAFF if entry[2] == "clerk")
    clerk = await staff.login(username, password, "en")
    due = await staff.find_payment(
        clerk.token, *entity_and_reference(await core.my_applications(session), reference)
    )
    settled = await staff.settle_cash(clerk.token, str(due["id"]), int(due["amount_cents"]), "en")
    await staff.portal.aclose()
    printed = CounterService.print_settled_documents(settled, core.paper, "en")
    assert printed == 1
    nipc, code = nipc_and_code(printed_papers(spool_dir, reference))
    issued = settled.application.documents[0]
    assert issued.access_code  # the document's own code, shown this once, is printed too
    assert nipc in str(issued.fields)
    assert dict(issued.other_codes) == {"Permanent certificate access code": code}
    assert code not in str(issued.fields), "the sealed fields never hold the code"


async def test_paid_later_my_applications_prints_them_at_a_kiosk(core: KioskCore, spool_dir: Path) -> None:
    session = await signed_in(core)
    reference, payment_id = await apply_for_company(core, session)
    await settle_by_clerk(core, payment_id)
    assert not [path for path in spool_dir.glob(f"{reference}*.pdf") if "receipt" not in path.name]

    listed = {item.reference: item for item in await core.my_applications(session)}
    assert listed[reference].status == "completed"
    assert core.reprint(session, reference) == 1
    flat = " ".join(printed_papers(spool_dir, reference).split())
    nipc = re.search(r"NIPC\s*:?\s*(5[0-9]{8})", flat)
    assert nipc is not None, flat
    assert nif_is_valid(nipc.group(1))
    assert ACCESS_CODE.search(flat) is None, "a reprint never prints the code given once"
    assert "a new code: a partner or the representative, with their card" in flat, flat
    assert "Access code: printed on the first copy only" in flat, flat


def entity_and_reference(applications: list[ApplicationInfo], reference: str) -> tuple[str, str]:
    [application] = [item for item in applications if item.reference == reference]
    payment = application.payment
    assert payment is not None
    return payment.entity, payment.reference
