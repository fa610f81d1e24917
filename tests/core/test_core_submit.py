"""KioskCore.submit against the embedded portal (uvicorn, demo data) and real printer targets: the loop never
waits for a printer, the receipt says how to pay and where to follow the request, the certificate names its
holder, the person's own applications can be listed and their documents printed again, and the operator's log
holds events, never a name, an identity number or a token."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.card.errors import WrongPin
from kiosk.client import ServiceSummary
from kiosk.config import Settings
from kiosk.core import KioskCore
from kiosk.session import CitizenSession
from tests.conftest import pdf_text
from tests.helpers import SilentPrinter

HEARTBEAT_SECONDS = 0.01
LONGEST_PAUSE_SECONDS = 0.1


@pytest.fixture
async def core(demo_settings: Settings) -> AsyncIterator[KioskCore]:
    kiosk = KioskCore(demo_settings)
    await asyncio.to_thread(kiosk.start_portal)
    try:
        yield kiosk
    finally:
        kiosk.stop()


async def service(core: KioskCore, code: str) -> ServiceSummary:
    return (await core.service(code, "en")).summary


async def signed_in(core: KioskCore, citizen: str = "maria", pin: bytes = b"1234") -> CitizenSession:
    core.start_reader(lambda event: None)
    assert core.reader is not None
    core.reader.insert(citizen)
    session = await asyncio.to_thread(core.read_card)
    session.language = "en"
    await core.login(session, bytearray(pin))
    assert session.portal_token
    return session


@pytest.fixture
def silent_printer() -> Iterator[SilentPrinter]:
    printer = SilentPrinter()
    yield printer
    printer.release()


async def test_a_hung_printer_never_blocks_the_event_loop(
    demo_settings: Settings, silent_printer: SilentPrinter
) -> None:
    target = f"ipp://127.0.0.1:{silent_printer.port}/ipp/print"
    settings = replace(demo_settings, printers=replace(demo_settings.printers, receipt=target))
    core = KioskCore(settings)
    await asyncio.to_thread(core.start_portal)
    try:
        info = await service(core, "INFO-SHEET")
        pauses: list[float] = []

        async def heartbeat() -> None:
            last = time.monotonic()
            while True:
                await asyncio.sleep(HEARTBEAT_SECONDS)
                now = time.monotonic()
                pauses.append(now - last - HEARTBEAT_SECONDS)
                last = now

        beating = asyncio.create_task(heartbeat())
        submitting = asyncio.create_task(core.submit(None, info, {}, "hung-printer-1", "en"))
        assert await asyncio.to_thread(silent_printer.accepted.wait, 30), (
            "the receipt never reached the printer"
        )
        pauses.clear()  # from here on the printer holds the job and answers nothing
        await asyncio.sleep(1.5)
        assert not submitting.done(), "the printer was supposed to hold the submission"
        assert pauses, "the heartbeat never ran while the printer hung"
        assert max(pauses) < LONGEST_PAUSE_SECONDS, f"the loop stalled {max(pauses):.3f} s"

        silent_printer.release()
        confirmation = await asyncio.wait_for(submitting, 30)
        beating.cancel()
        assert confirmation.status != "queued"  # the portal took it; only the paper is late
        assert not confirmation.receipt_printed
        [job] = [job for job in core.printer.jobs() if job.document == "receipt"]
        assert job.state == "queued"  # kept for the next poll or a reprint at the counter
    finally:
        core.stop()


async def test_receipt_has_payment_reference_next_steps_and_status_url(
    core: KioskCore, spool_dir: Path
) -> None:
    session = await signed_in(core)
    vehicle = await service(core, "VEHICLE-CERT")
    assert vehicle.fee is not None

    confirmation = await core.submit(session, vehicle, {"plate": "AA-00-AA"}, "receipt-payment-1", "en")

    assert confirmation.payment is not None
    assert confirmation.payment.entity
    assert confirmation.payment.reference
    assert confirmation.status_url is not None
    assert confirmation.status_url.endswith(f"/v1/status/{confirmation.reference}")
    assert confirmation.next_steps("en").startswith("Pay €20.00 by Multibanco")
    assert confirmation.next_steps("pt").startswith("Pague 20,00 € por Multibanco")
    assert confirmation.receipt_printed
    receipt = pdf_text(spool_dir / f"{confirmation.reference}-receipt.pdf")
    flat = " ".join(receipt.split())
    assert confirmation.reference in flat
    assert confirmation.payment.entity in flat
    digits = confirmation.payment.reference
    assert " ".join(digits[i : i + 3] for i in range(0, len(digits), 3)) in flat
    assert "€20.00" in flat  # an English receipt writes money the English way, the next steps included
    assert "20,00" not in flat
    assert confirmation.status_url.replace("http://", "") in receipt.replace("\n", "").replace(" ", "")
    assert "Pay €20.00 by Multibanco" in flat


async def test_certificate_names_the_signed_in_holder(core: KioskCore, spool_dir: Path) -> None:
    session = await signed_in(core)
    health = await service(core, "HEALTH-NUMBER")

    confirmation = await core.submit(session, health, {}, "certificate-holder-1", "en")

    assert confirmation.documents_printed == 1
    [document] = confirmation.documents
    assert document.seal
    assert document.access_code
    assert "Gonçalves" in document.holder
    [certificate] = [p for p in spool_dir.glob(f"{confirmation.reference}-*.pdf") if "receipt" not in p.name]
    assert "Maria João Gonçalves Conceição" in " ".join(pdf_text(certificate).split())


async def test_my_applications_lists_the_submission_and_reprint_prints_again(
    core: KioskCore, spool_dir: Path
) -> None:
    session = await signed_in(core)
    health = await service(core, "HEALTH-NUMBER")
    confirmation = await core.submit(session, health, {}, "reprint-1", "en")

    applications = await core.my_applications(session)

    [mine] = [a for a in applications if a.reference == confirmation.reference]
    assert mine.service_code == "HEALTH-NUMBER"
    assert [d.id for d in mine.documents] == [d.id for d in confirmation.documents]
    before = sorted(p.name for p in spool_dir.glob(f"{confirmation.reference}-*.pdf"))

    assert await asyncio.to_thread(core.reprint, session, confirmation.reference) == 1

    after = sorted(p.name for p in spool_dir.glob(f"{confirmation.reference}-*.pdf"))
    [copy] = set(after) - set(before)
    assert "copy2" in copy
    assert "Maria João Gonçalves Conceição" in " ".join(pdf_text(spool_dir / copy).split())
    # Someone else's reference (or one never listed for this person) prints nothing.
    assert await asyncio.to_thread(core.reprint, session, "2026-XXXX-XXXX") == 0
    session.wipe()
    assert await asyncio.to_thread(core.reprint, session, confirmation.reference) == 0


async def test_anonymous_person_has_no_applications_to_list(core: KioskCore) -> None:
    assert await core.my_applications(CitizenSession(holder_name="", language="en")) == []


async def test_the_log_tells_events_and_never_who(core: KioskCore, demo_settings: Settings) -> None:
    session = await signed_in(core)
    identity = session.identity
    token = session.portal_token
    assert token is not None
    health = await service(core, "HEALTH-NUMBER")
    await core.submit(session, health, {}, "log-hygiene-1", "en")
    with pytest.raises(WrongPin):
        await core.login(session, bytearray(b"9999"))

    log = demo_settings.logging.file.read_text(encoding="utf-8")

    assert "card read: profile pt-cc1" in log
    assert "login ok" in log
    assert "login failed: card." in log  # the refused PIN, by its reason code
    assert "submission accepted: service HEALTH-NUMBER" in log
    assert "print job" in log
    secrets = [
        identity.given_names,
        identity.surname,
        "Conceição",
        identity.tax_id,
        identity.civil_id,
        identity.social_security_id,
        identity.health_id,
        identity.document_number,
        token,
    ]
    for secret in filter(None, secrets):
        assert secret not in log, "the log holds personal data or a secret"
