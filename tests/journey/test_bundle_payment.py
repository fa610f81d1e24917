"""One payment for a bundle, against the portal under uvicorn (the kiosk core's embedded portal): three
services with fees get one Multibanco reference for their sum, printed on the one receipt with every
application's reference (read back with pdftotext), in English and, paid at the counter, in Portuguese."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from kiosk.client.models import Taxon
from kiosk.core import KioskCore
from kiosk.journey.bundle import Bundle
from portal.checkdigits import multibanco_reference_is_valid
from tests.conftest import pdf_text
from tests.core.test_core_submit import core, signed_in
from tests.journey.test_bundle import walk

__all__ = ["core"]  # the fixture, shared with tests/core/test_core_submit.py

PAID_THREE = Taxon(
    "paid-three", "Three certificates", "", bundle=("BIRTH-CERT", "CRIMINAL-RECORD", "MARRIAGE-CERT")
)


async def three_fees(core: KioskCore, language: str) -> Bundle:
    services = [await core.service(code, language) for code in PAID_THREE.bundle]
    bundle = Bundle(PAID_THREE, services, language=language)
    walk(bundle)
    return bundle


async def test_three_fees_make_one_reference_on_one_receipt(core: KioskCore, spool_dir: Path) -> None:
    session = await signed_in(core)
    bundle = await three_fees(core, "en")
    outcome = await core.bundles.submit(session, bundle, session.session_id, "en")
    assert outcome.failed == ()
    assert [part.status for part in outcome.accepted] == ["awaiting_payment"] * 3
    joint = outcome.joint_payment
    assert joint is not None
    fees = [part.payment.amount for part in outcome.accepted if part.payment is not None]
    assert len(fees) == 3
    assert joint.amount == sum(fees, Decimal(0)) == outcome.total
    assert multibanco_reference_is_valid(joint.entity, joint.reference, int(joint.amount * 100))
    assert joint.reference not in {part.payment.reference for part in outcome.accepted if part.payment}

    receipt = pdf_text(spool_dir / f"{outcome.accepted[0].reference}-receipt.pdf")
    flat = receipt.replace(" ", "")
    assert joint.reference in flat  # printed grouped in threes: 123 456 789
    assert joint.entity in flat
    assert "One Multibanco payment for all of them" in " ".join(receipt.split())
    for part in outcome.accepted:
        assert part.reference is not None
        assert part.reference.replace(" ", "") in flat
        assert part.payment is not None
        assert part.payment.reference not in flat  # one reference to pay, not three

    # Sent again (the person pressed the button twice): the same applications and the same joint reference.
    again = await core.bundles.submit(session, bundle, session.session_id, "en", paper=False)
    assert again.joint_payment == joint

    # The three applications wait for that one payment (settling it: tests/portal/test_payment_groups.py).
    client = core.portal
    assert client is not None
    listed = await client.call(
        "GET", "/v1/applications", "en", headers={"X-Session-Token": session.portal_token or ""}
    )
    mine = {item["reference"]: item for item in listed}
    assert all(
        mine[part.reference]["status"] == "awaiting_payment" for part in outcome.accepted if part.reference
    )


async def test_the_one_reference_in_portuguese_and_none_for_the_counter(
    core: KioskCore, spool_dir: Path
) -> None:
    session = await signed_in(core)
    bundle = await three_fees(core, "pt")
    outcome = await core.bundles.submit(session, bundle, session.session_id, "pt")
    joint = outcome.joint_payment
    assert joint is not None
    receipt = " ".join(pdf_text(spool_dir / f"{outcome.accepted[0].reference}-receipt.pdf").split())
    assert "Um só pagamento Multibanco para todos" in receipt
    assert joint.reference in receipt.replace(" ", "")
    # Paid at the counter, each fee is taken by its own reference at the clerk's cash screen: no joint one.
    again = await three_fees(core, "pt")
    at_counter = await core.bundles.submit(session, again, "another-visit", "pt", pay_at_counter=True)
    assert at_counter.joint_payment is None
    counter_receipt = pdf_text(spool_dir / f"{at_counter.accepted[0].reference}-receipt.pdf").replace(" ", "")
    assert all((part.reference or "-").replace(" ", "") in counter_receipt for part in at_counter.accepted)
