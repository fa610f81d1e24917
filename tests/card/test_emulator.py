"""The emulator's ISO 7816-4 behaviour, driven with raw APDUs as a PC/SC client would."""

from __future__ import annotations

import pytest

from kiosk.card.emulator.card import CardPulled, EmulatedCard, Faults
from kiosk.card.emulator.citizens import CitizenDataError, demo_citizens, parse_citizen
from kiosk.card.errors import CorruptField
from kiosk.card.session import CardSession
from kiosk.card.transport import InProcessTransport


def apdu(card: EmulatedCard, text: str) -> tuple[bytes, int]:
    reply = card.process(bytes.fromhex(text))
    return reply[:-2], int.from_bytes(reply[-2:], "big")


@pytest.fixture
def card() -> EmulatedCard:
    return EmulatedCard("pt-cc1", "maria")


def test_select_by_aid_then_fid_returns_fci_with_the_file_size(card: EmulatedCard) -> None:
    assert apdu(card, "00A4040C07604632FF000002") == (b"", 0x9000)
    fci, sw = apdu(card, "00A4000002EF0200")
    assert sw == 0x9000
    assert fci[:2] == b"\x6f\x15"
    assert fci[2:6] == bytes.fromhex("81023C8C")  # 15500 bytes, as the real card says


def test_select_by_path_and_unknown_files(card: EmulatedCard) -> None:
    assert apdu(card, "00A4080C045F00EF02")[1] == 0x9000
    assert apdu(card, "00A4080C085F00EF023F00EF09")[1] == 0x6A82
    assert apdu(card, "00A4080C045F00EFFF")[1] == 0x6A82
    assert apdu(card, "00A4040C07A0000000000000")[1] == 0x6A82


def test_read_binary_short_last_read_and_offset_past_the_end(card: EmulatedCard) -> None:
    apdu(card, "00A4080C045F00EF02")
    data, sw = apdu(card, "00B03C0000")  # offset 15360: 140 bytes left
    assert (len(data), sw) == (140, 0x9000)
    assert apdu(card, "00B03C8C00")[1] == 0x6B00


def test_address_file_is_protected_until_the_address_pin(card: EmulatedCard) -> None:
    apdu(card, "00A4080C045F00EF05")
    assert apdu(card, "00B0000010")[1] == 0x6982
    assert apdu(card, "00200083")[1] == 0x63C3
    assert apdu(card, "002000830830303030FFFFFFFF")[1] == 0x9000
    data, sw = apdu(card, "00B0000010")
    assert sw == 0x9000
    assert data.startswith(b"N\x00PT")


def test_change_reference_data_replaces_the_pin(card: EmulatedCard) -> None:
    old, new = b"1234".ljust(8, b"\xff"), b"98765".ljust(8, b"\xff")
    reply = card.process(bytes.fromhex("0024008110") + old + new)
    assert reply == b"\x90\x00"
    assert card.process(bytes.fromhex("0020008108") + old) == b"\x63\xc2"
    assert card.process(bytes.fromhex("0020008108") + new) == b"\x90\x00"


def test_get_data_cplc_get_challenge_and_wrong_le(card: EmulatedCard) -> None:
    cplc, sw = apdu(card, "00CA9F7F2D")
    assert (len(cplc), sw) == (45, 0x9000)
    assert apdu(card, "00CA9F7F10")[1] == 0x6C2D
    challenge, sw = apdu(card, "8084000008")
    assert (len(challenge), sw) == (8, 0x9000)


def test_t0_style_case_4_goes_through_get_response(card: EmulatedCard) -> None:
    data, sw = apdu(card, "00A4040007604632FF000002")  # FCI wanted, no Le: as on T=0
    assert data == b""
    assert sw >> 8 == 0x61
    fci, sw = apdu(card, f"00C00000{sw & 0xFF:02X}")
    assert sw == 0x9000
    assert fci[0] == 0x6F


def test_pull_after_n_apdus(card: EmulatedCard) -> None:
    pulled = EmulatedCard("pt-cc1", "maria", Faults(pull_after=2))
    apdu(pulled, "00A4040C07604632FF000002")
    apdu(pulled, "00A4080C045F00EF02")
    with pytest.raises(CardPulled):
        apdu(pulled, "00B0000010")
    assert not pulled.present


def test_corrupted_responses_give_a_field_error_never_a_crash() -> None:
    fields = []
    for start in range(2, 8):
        card = EmulatedCard("pt-cc1", "maria", Faults(corrupt_after=start))
        session = CardSession.open(InProcessTransport(card))
        try:
            session.read_identity()
        except CorruptField as error:
            fields.append(error.field)
    assert fields
    assert all(fields)


def test_delay_models_a_slow_card() -> None:
    import time

    card = EmulatedCard("pt-cc1", "maria", Faults(delay=0.01))
    started = time.perf_counter()
    for _ in range(5):
        apdu(card, "00A4040C07604632FF000002")
    assert time.perf_counter() - started >= 0.05


def test_at_least_six_demo_citizens_across_the_profiles() -> None:
    citizens = demo_citizens()
    assert len(citizens) >= 6
    assert {citizen.profile for citizen in citizens} == {"pt-cc1", "pt-cc2", "be-eid"}
    assert any(citizen.address.get("kind") == "foreign" for citizen in citizens)
    assert any(len(citizen.surname) > 60 for citizen in citizens)
    assert len({citizen.id for citizen in citizens}) == len(citizens)


def test_bad_citizen_file_names_the_problem() -> None:
    with pytest.raises(CitizenDataError, match=r"pins\.authentication"):
        parse_citizen(
            {"id": "x", "profile": "pt-cc1", "surname": "A", "given_names": "B",
             "document_number": "1", "birth_date": __import__("datetime").date(2000, 1, 1),
             "issue_date": __import__("datetime").date(2020, 1, 1),
             "expiry_date": __import__("datetime").date(2030, 1, 1), "pins": {"authentication": "12"}},
            "x.toml",
        )  # fmt: skip
