"""Property tests: every parser, fed random bytes or truncated real files, either parses or
raises CorruptField naming a field. Never any other exception."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.card.emulator import be_eid as be_builder
from kiosk.card.emulator import pt_cc1 as cc1_builder
from kiosk.card.emulator import pt_cc2 as cc2_builder
from kiosk.card.emulator.citizens import demo_citizens, find_citizen
from kiosk.card.errors import CorruptField
from kiosk.card.profiles import be_eid, der, fields, pt_cc1, pt_cc2, tlv

ATR = b"\x3b\x00"
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

PARSERS: dict[str, Callable[[bytes], Any]] = {
    "pt_cc1.id": lambda data: pt_cc1.parse_id_text(data, ATR),
    "pt_cc1.address": pt_cc1.parse_address,
    "pt_cc1.photo": pt_cc1.parse_photo,
    "pt_cc2.id": lambda data: pt_cc2.parse_id_file(data, ATR, has_photo=True),
    "pt_cc2.photo": pt_cc2.parse_photo,
    "be.identity": lambda data: be_eid.parse_identity(data, ATR),
    "be.address": be_eid.parse_address,
    "be.photo": be_eid.parse_photo,
    "der.length": lambda data: der.der_length(data, "certificate"),
    "tlv": lambda data: tlv.iterate(data, "tlv"),
    "date": lambda data: fields.parse_date(data.decode("latin-1"), "date"),
    "be.birth_date": lambda data: be_eid.parse_birth_date(data.decode("latin-1")),
}


def parses_or_names_a_field(parser: Callable[[bytes], Any], data: bytes) -> None:
    failure: CorruptField | None = None
    try:
        parser(data)
    except CorruptField as error:
        failure = error
    if failure is not None:
        assert failure.field
        assert failure.user_message("pt")


@pytest.mark.parametrize("name", PARSERS)
@SETTINGS
@given(data=st.binary(max_size=2000))
def test_random_bytes(name: str, data: bytes) -> None:
    parses_or_names_a_field(PARSERS[name], data)


def _real_files() -> dict[str, bytes]:
    maria, joao, lucas = find_citizen("maria"), find_citizen("joao"), find_citizen("lucas")
    return {
        "pt_cc1.id": cc1_builder.id_file(maria)[: pt_cc1.ID_TEXT_LENGTH],
        "pt_cc1.address": cc1_builder.address_file(maria),
        "pt_cc1.photo": cc1_builder.id_file(maria)[pt_cc1.PHOTO_OFFSET :],
        "pt_cc2.id": cc2_builder.dg13(joao),
        "pt_cc2.photo": cc2_builder.dg2(joao),
        "be.identity": be_builder.identity_file(lucas, bytes(16), ec_card=False),
        "be.address": be_builder.address_file(lucas),
    }


REAL_FILES = _real_files()


@pytest.mark.parametrize("name", REAL_FILES)
@SETTINGS
@given(cut=st.integers(min_value=0, max_value=20000), flip=st.integers(0, 255), at=st.integers(0))
def test_truncated_and_damaged_real_files(name: str, cut: int, flip: int, at: int) -> None:
    data = bytearray(REAL_FILES[name][:cut])
    parses_or_names_a_field(PARSERS[name], bytes(data))
    if data:
        data[at % len(data)] ^= flip
        parses_or_names_a_field(PARSERS[name], bytes(data))


@pytest.mark.parametrize("citizen", demo_citizens(), ids=lambda citizen: citizen.id)
def test_real_files_parse_back_to_the_citizen(citizen: Any) -> None:
    identity = pt_cc1.parse_id_text(cc1_builder.id_file(citizen)[: pt_cc1.ID_TEXT_LENGTH], ATR)
    assert (identity.surname, identity.given_names) == (citizen.surname, citizen.given_names)
    assert pt_cc2.parse_id_file(cc2_builder.dg13(citizen), ATR, True).birth_date == citizen.birth_date
    be = be_eid.parse_identity(be_builder.identity_file(citizen, bytes(16), True), ATR)
    assert be.birth_date == citizen.birth_date


@SETTINGS
@given(tag=st.integers(1, 0x1F), value=st.binary(max_size=800))
def test_be_tlv_round_trip_with_long_lengths(tag: int, value: bytes) -> None:
    assert be_eid.parse_tlv(be_eid.encode_tlv(tag, value), "tlv") == {tag: value}


@SETTINGS
@given(pin=st.text(alphabet="0123456789", min_size=4, max_size=12))
def test_be_pin_block_is_bcd_with_length(pin: str) -> None:
    block = be_eid.pin_block(bytearray(pin.encode()))
    assert len(block) == 8
    assert block[0] == 0x20 + len(pin)
    assert block[1:].hex().rstrip("f") == pin.rstrip("f")
