"""The change of address through the kiosk's core, against the embedded portal and the emulated card: the
card's address read with the address PIN (a wrong PIN costs a try), the application, then the code from the
letter (`portal letters`), wrong once (the tries left said), then right."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import AsyncIterator

import pytest

from kiosk.card.errors import WrongPin
from kiosk.config import Settings
from kiosk.core import KioskCore
from kiosk.session import CitizenSession


@pytest.fixture
async def core(demo_settings: Settings) -> AsyncIterator[KioskCore]:
    kiosk = KioskCore(demo_settings)
    await asyncio.to_thread(kiosk.start_portal)
    try:
        yield kiosk
    finally:
        kiosk.stop()


async def signed_in(core: KioskCore, citizen: str, pin: bytes) -> CitizenSession:
    core.start_reader(lambda event: None)
    assert core.reader is not None
    core.reader.insert(citizen)
    session = await asyncio.to_thread(core.read_card)
    session.language = "en"
    await core.login(session, bytearray(pin))
    return session


def letter_code(settings: Settings, reference: str) -> str:
    letters = subprocess.run(
        [sys.executable, "-m", "portal.cli", "letters", "--db", settings.portal_database],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    line = next(line for line in letters.splitlines() if line.startswith(reference))
    return line.rsplit(" ", 1)[1]


async def test_change_of_address_from_card_to_code(core: KioskCore, demo_settings: Settings) -> None:
    session = await signed_in(core, "joao", b"2468")
    addresses = core.addresses
    tries = await asyncio.to_thread(addresses.pin_tries, session)
    assert tries.kind.value == "address"
    wrong = bytearray(b"0000")
    with pytest.raises(WrongPin):
        await asyncio.to_thread(addresses.read_current, session, wrong)
    assert wrong == bytearray(4)  # the PIN buffer is zeroed, even when refused
    after = await asyncio.to_thread(addresses.pin_tries, session)
    assert after.tries_left == tries.tries_left - 1
    current = await asyncio.to_thread(addresses.read_current, session, bytearray(b"9876"))
    assert current is not None
    assert current["locality"] == "Porto"
    assert current["postal_code"].startswith("4")

    service = (await core.service("ADDRESS-CHANGE", "en")).summary
    new_address = {"street": "Rua de Cedofeita 100", "postal_code": "4050-180", "locality": "Porto"}
    answers: dict[str, object] = {"new_address": new_address, "moved_on": "2024-05-01", "notify": ["tax"]}
    confirmation = await core.submit(session, service, answers, "address-service-0001", "en")
    assert confirmation.status == "awaiting_confirmation"
    [waiting] = await addresses.waiting_for_code(session)
    assert waiting.reference == confirmation.reference

    refused = await addresses.confirm(session, waiting.reference, "ZZZZ-ZZZZ")
    assert not refused.done
    assert refused.tries_left == 2
    done = await addresses.confirm(session, waiting.reference, letter_code(demo_settings, waiting.reference))
    assert done.done
    assert await addresses.waiting_for_code(session) == []
