"""The change of address through the kiosk's core, against the embedded portal and the emulated card: the
card's address read with the address PIN (a wrong PIN costs a try), the application, then the code from the
letter (`portal letters`), wrong once (the tries left said), then right."""

from __future__ import annotations

import asyncio

import pytest

from kiosk.card.errors import WrongPin
from kiosk.config import Settings
from kiosk.core import KioskCore
from tests.core.test_core_submit import core, signed_in
from tests.journeys2_helpers import letter_code

__all__ = ["core"]  # the fixture, shared with tests/core/test_core_submit.py


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
    done = await addresses.confirm(
        session, waiting.reference, letter_code(demo_settings.portal_database, waiting.reference)
    )
    assert done.done
    assert await addresses.waiting_for_code(session) == []
