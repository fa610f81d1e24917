"""Issue 15, item 5, the kiosk's half: each card read (identity, photo, address) reaches the portal's audit.

KioskCore with the demo settings: the simulated reader with the emulated cards, and the real portal under
uvicorn (the embedded one, on loopback). The report goes in the background, so a portal that does not answer
never holds up the read; when the portal is down it waits in the outbox and is recorded exactly once later.
"""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import AsyncIterator
from typing import Any

import pytest

from kiosk.card.emulator.citizens import find_citizen
from kiosk.card.errors import WrongPin
from kiosk.card.identity import PinKind
from kiosk.client import PortalClient
from kiosk.client.portal import RetryPolicy
from kiosk.config import Settings
from kiosk.core import KioskCore
from kiosk.embedded import EmbeddedPortal
from kiosk.session import CitizenSession
from portal.content.demo_people import DEMO_PEOPLE
from tests.portal.test_card_read_audit import card_read_rows


@pytest.fixture
async def core(demo_settings: Settings) -> AsyncIterator[KioskCore]:
    kiosk = KioskCore(demo_settings)
    await asyncio.to_thread(kiosk.start_portal)
    kiosk.start_reader(lambda event: None)
    # As the app does once the portal is up: the first outbox delivery, which also starts the reporting.
    await kiosk.deliver_outbox()
    try:
        yield kiosk
    finally:
        kiosk.stop()


def embedded(core: KioskCore) -> EmbeddedPortal:
    portal = core._embedded
    assert portal is not None
    assert portal.process is not None
    return portal


def client(core: KioskCore) -> PortalClient:
    assert core.portal is not None
    return core.portal


async def audit(settings: Settings) -> list[dict[str, Any]]:
    """The card.read events in the portal's database (read in a thread: it runs a loop of its own)."""
    return await asyncio.to_thread(card_read_rows, settings.portal_database)


def pin(citizen: str, kind: PinKind) -> bytearray:
    return bytearray(find_citizen(citizen).pin(kind).encode())


async def insert_and_read(core: KioskCore, citizen: str) -> CitizenSession:
    assert core.reader is not None
    core.reader.insert(citizen)
    session = await asyncio.to_thread(core.read_card)
    session.language = "en"
    return session


async def stop_portal(core: KioskCore) -> None:
    """Kill -9, as a power cut on the server; the kiosk's client gives up at once rather than retrying."""
    portal = embedded(core)
    assert portal.process is not None
    portal.process.kill()
    await asyncio.to_thread(portal.process.wait)
    client(core).retry_policy = RetryPolicy(ceilings=())


async def restart_portal(core: KioskCore) -> None:
    portal = embedded(core)
    portal.start(port=portal.port)
    await asyncio.to_thread(portal.wait_ready)


async def test_identity_and_photo_reads_are_audited_with_the_device(
    core: KioskCore, demo_settings: Settings
) -> None:
    session = await insert_and_read(core, "maria")
    photo = await asyncio.to_thread(core.read_photo, session)
    assert photo is not None
    await core.card_reads.settled()
    events = await audit(demo_settings)
    assert sorted(event["object_ref"] for event in events) == ["identity", "photo"]
    for event in events:
        assert event["actor"] == f"device:{event['device_id']}"
        assert event["channel"] == "kiosk"
        assert event["subject_person_id"] is None  # read before any login: nobody the portal can name
    assert core.outbox.card_read_counts() == {"pending": 0, "rejected": 0}


async def test_a_portal_that_does_not_answer_never_holds_up_the_read(
    core: KioskCore, demo_settings: Settings
) -> None:
    process = embedded(core).process
    assert process is not None
    os.kill(process.pid, signal.SIGSTOP)  # the portal takes the connection and answers nothing
    try:
        await insert_and_read(core, "joao")
        # The read is back in the person's hands while its report still waits for the portal,
        assert core.card_reads.in_flight == 1
        # kept on disk meanwhile.
        for _ in range(1000):
            if core.outbox.card_read_counts()["pending"]:
                break
            await asyncio.sleep(0.01)
        assert core.outbox.card_read_counts()["pending"] == 1
        assert core.card_reads.in_flight == 1
    finally:
        os.kill(process.pid, signal.SIGCONT)
    await core.card_reads.settled()
    assert [event["object_ref"] for event in await audit(demo_settings)] == ["identity"]
    assert core.outbox.card_read_counts()["pending"] == 0


async def test_reads_while_the_portal_is_down_wait_in_the_outbox_and_are_recorded_once(
    core: KioskCore, demo_settings: Settings
) -> None:
    await stop_portal(core)
    session = await insert_and_read(core, "ines")
    assert await asyncio.to_thread(core.read_photo, session) is not None
    await core.card_reads.settled()
    waiting = core.outbox.pending_card_reads()
    assert len(waiting) == 2
    assert waiting[0].attempts >= 1, "tried in the background, and the portal found away"

    await restart_portal(core)
    # The kiosk crashed after the portal recorded the first one, before it heard the answer: it is still in
    # the outbox and goes again, with its key.
    first = waiting[0]
    await client(core).report_card_read(first.body, idempotency_key=first.idempotency_key)
    await core.deliver_outbox()
    await core.deliver_outbox()
    assert core.outbox.card_read_counts() == {"pending": 0, "rejected": 0}
    assert sorted(event["object_ref"] for event in await audit(demo_settings)) == ["identity", "photo"]


async def test_an_address_read_names_the_signed_in_citizen_and_a_refused_pin_reads_nothing(
    core: KioskCore, demo_settings: Settings
) -> None:
    session = await insert_and_read(core, "joao")
    await core.login(session, pin("joao", PinKind.AUTHENTICATION))
    with pytest.raises(WrongPin):
        await asyncio.to_thread(core.addresses.read_current, session, bytearray(b"0000"))
    address = await asyncio.to_thread(core.addresses.read_current, session, pin("joao", PinKind.ADDRESS))
    assert address is not None
    await core.card_reads.settled()
    [identity, read] = sorted(await audit(demo_settings), key=lambda event: event["at"])
    assert identity["object_ref"] == "identity"
    assert identity["subject_person_id"] is None
    assert read["object_ref"] == "address"
    assert read["actor"] == f"citizen:{read['subject_person_id']}"
    assert read["subject_person_id"]

    # Nothing the card holds is in the audit trail, nor kept in the kiosk's outbox.
    person = next(person for person in DEMO_PEOPLE if person.key == "joao")
    words = [*person.given_names.split(), *person.surname.split(), person.civil_id, person.tax_id or "-"]
    words += [str(value) for value in address.values() if value]
    stored = repr(await audit(demo_settings))
    outbox = core.outbox.path.read_bytes().decode("latin-1")
    for word in words:
        assert word not in stored, f"{word!r} is in the audit trail"
        assert word not in outbox, f"{word!r} is in the kiosk's outbox"


async def test_a_report_that_outlived_the_session_is_recorded_for_the_device(
    core: KioskCore, demo_settings: Settings
) -> None:
    session = await insert_and_read(core, "maria")
    await core.login(session, pin("maria", PinKind.AUTHENTICATION))
    assert session.portal_token is not None
    token = session.portal_token
    await core.card_reads.settled()
    await stop_portal(core)
    await asyncio.to_thread(core.addresses.read_current, session, pin("maria", PinKind.ADDRESS))
    await core.card_reads.settled()
    assert core.outbox.card_read_counts()["pending"] == 1
    await restart_portal(core)
    await client(core).logout(token)  # the person left while the portal was away
    await core.deliver_outbox()
    assert core.outbox.card_read_counts() == {"pending": 0, "rejected": 0}
    read = next(event for event in await audit(demo_settings) if event["object_ref"] == "address")
    assert read["actor"].startswith("device:")
    assert read["subject_person_id"] is None


async def test_a_read_before_the_portal_is_up_is_kept_and_goes_with_the_first_delivery(
    demo_settings: Settings,
) -> None:
    kiosk = KioskCore(demo_settings)
    kiosk.start_reader(lambda event: None)
    try:
        await insert_and_read(kiosk, "lucas")  # the app is still starting: no portal, no delivery yet
        assert kiosk.outbox.card_read_counts()["pending"] == 1
        await asyncio.to_thread(kiosk.start_portal)
        await kiosk.deliver_outbox()
        assert kiosk.outbox.card_read_counts()["pending"] == 0
        [event] = await audit(demo_settings)
        assert event["object_ref"] == "identity"
    finally:
        kiosk.stop()
