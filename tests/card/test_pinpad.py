"""Pinpad feature discovery (PC/SC part 10) and the PIN_VERIFY_STRUCTURE per profile."""

from __future__ import annotations

import pytest

from kiosk.card.errors import PinBlocked, WrongPin
from kiosk.card.pinpad import (
    PinpadFeatures,
    discover,
    parse_feature_request,
    verify_pin_direct,
    verify_structure,
)


def test_feature_request_sample_from_the_middleware() -> None:
    codes = parse_feature_request(bytes.fromhex("060400312030070400312034"))
    assert codes == {0x06: 0x00312030, 0x07: 0x00312034}


def test_feature_request_ignores_a_truncated_tail() -> None:
    assert parse_feature_request(bytes.fromhex("06040031203007")) == {0x06: 0x00312030}


def test_portuguese_structure() -> None:
    structure = verify_structure("pt-cc1", 0x81)
    assert structure[:5] == bytes((30, 30, 0x02, 0x08, 0x00))
    assert structure[5:7] == b"\x08\x04"
    assert structure[15:19] == (13).to_bytes(4, "little")
    assert structure[19:] == bytes.fromhex("0020008108FFFFFFFFFFFFFFFF")


def test_belgian_structure() -> None:
    structure = verify_structure("be-eid", 0x01)
    assert structure[2:5] == bytes((0x89, 0x47, 0x04))
    assert structure[19:] == bytes.fromhex("00200001082" + "0FFFFFFFFFFFFFF")


class FakePinpad:
    """A reader's control() answering with a card status word (no pinpad hardware here)."""

    def __init__(self, status: int) -> None:
        self.status = status
        self.sent: list[tuple[int, list[int]]] = []

    def control(self, code: int, data: list[int]) -> list[int]:
        self.sent.append((code, data))
        return list(self.status.to_bytes(2, "big"))


def test_verify_pin_direct_maps_the_reader_answer() -> None:
    features = PinpadFeatures({0x06: 0x42330006})
    ok = FakePinpad(0x9000)
    verify_pin_direct(ok, features, "pt-cc1", 0x81, "where.pt")
    assert ok.sent[0][0] == 0x42330006
    with pytest.raises(WrongPin):
        verify_pin_direct(FakePinpad(0x63C1), features, "pt-cc1", 0x81, "where.pt")
    with pytest.raises(PinBlocked):
        verify_pin_direct(FakePinpad(0x6983), features, "be-eid", 0x01, "where.be")


@pytest.mark.pcscd
def test_vpcd_reader_has_no_pinpad(virtual_cards: object) -> None:
    from tests.card.conftest import READER_0, VirtualCards

    assert isinstance(virtual_cards, VirtualCards)
    virtual_cards.insert(READER_0, "pt-cc1", "maria")
    from kiosk.card.transport import PcscTransport

    transport = PcscTransport(READER_0)
    try:
        assert discover(transport.connection) is None
    finally:
        transport.close()


def test_in_process_reader_has_no_pinpad_and_says_so() -> None:
    from kiosk.card.emulator.card import EmulatedCard
    from kiosk.card.errors import CardError
    from kiosk.card.identity import PinKind
    from kiosk.card.session import CardSession
    from kiosk.card.transport import InProcessTransport

    session = CardSession.open(InProcessTransport(EmulatedCard("pt-cc1", "maria")))
    assert session.has_pinpad is False
    with pytest.raises(CardError, match="no pinpad"):
        session.authenticate(b"challenge", None)
    # Falling back to on-screen entry cost no try.
    assert session.pin_status(PinKind.AUTHENTICATION) == 3
