"""The card API the screens call from thread workers, against the emulated card in the simulated reader."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kiosk.card.errors import WrongPin
from kiosk.config import Settings
from kiosk.core import KioskCore


@pytest.fixture
def core(demo_settings: Settings) -> KioskCore:
    kiosk = KioskCore(demo_settings)
    kiosk.start_reader(lambda event: None)
    return kiosk


def test_photo_tries_and_pinpad_of_the_card_in_the_reader(core: KioskCore) -> None:
    core.insert_demo_card()  # the first demo citizen: maria, pt-cc1
    session = core.read_card()
    assert session.holder_name == "Maria João Gonçalves Conceição"

    photo = core.read_photo(session)
    assert photo is not None
    assert len(photo.data) > 100

    tries = core.pin_tries(session)
    assert tries.tries_left == 3
    assert core.pin_tries(session).tries_left == 3  # asking never consumes a try
    assert core.has_pinpad(session) is False  # the simulated reader has no PIN pad


def test_a_wrong_pin_costs_one_try_and_the_buffer_is_zeroed(core: KioskCore) -> None:
    core.insert_demo_card()
    session = core.read_card()
    pin = bytearray(b"9999")
    with pytest.raises(WrongPin):
        core.cards.sign(session.reader, b"challenge", pin)
    assert pin == bytearray(4)
    assert core.pin_tries(session).tries_left == 2


def test_a_card_without_a_photo_gives_none(core: KioskCore) -> None:
    core.insert_demo_card()
    session = core.read_card()
    assert session.identity is not None
    session.identity = replace(session.identity, has_photo=False)  # as the card's own data says
    assert core.read_photo(session) is None
