"""Profile detection: the ATR orders the SELECT AID tries, the SELECT AID decides."""

from __future__ import annotations

import pytest

from kiosk.card.emulator import be_eid, pt_cc1, pt_cc2
from kiosk.card.emulator.card import EmulatedCard
from kiosk.card.errors import CardNotSupported
from kiosk.card.session import ATR_HINTS, CardSession
from kiosk.card.transport import InProcessTransport, RecordingTransport
from tests.card.test_cache import named

CARDS = [("pt-cc1", "maria"), ("pt-cc2", "joao"), ("be-eid", "lucas"), ("be-eid", "elodie")]
UNKNOWN_ATR = bytes.fromhex("3B 8A 80 01 00 31 C1 73 C8 40 00 00 90 00 90")


class OtherAtr(RecordingTransport):
    """The same card answering with another ATR (a new card batch, another reader's view)."""

    def __init__(self, card: EmulatedCard, atr: bytes) -> None:
        super().__init__(InProcessTransport(card))
        self._atr = atr

    @property
    def atr(self) -> bytes:
        return self._atr


def test_the_emulated_cards_atrs_are_known_hints() -> None:
    assert ATR_HINTS[pt_cc1.ATR] == "pt-cc1"
    assert ATR_HINTS[pt_cc2.ATR] == "pt-cc2"
    assert ATR_HINTS[be_eid.ATR_1_7] == ATR_HINTS[be_eid.ATR_1_8] == "be-eid"


@pytest.mark.parametrize(("profile", "citizen"), CARDS)
def test_a_known_card_is_found_with_one_select(profile: str, citizen: str) -> None:
    transport = RecordingTransport(InProcessTransport(EmulatedCard(profile, citizen)))
    assert CardSession.open(transport).profile == profile
    assert named(transport) == [("SELECT", transport.sent[0][5:].hex())]
    assert len(transport.sent) == 1


@pytest.mark.parametrize(("profile", "citizen"), CARDS)
def test_an_unknown_atr_still_finds_the_profile(profile: str, citizen: str) -> None:
    transport = OtherAtr(EmulatedCard(profile, citizen), UNKNOWN_ATR)
    session = CardSession.open(transport)
    assert session.profile == profile
    # Without a hint the AIDs are tried in a fixed order: CC1, CC2, then the Belgian applet.
    assert len(transport.sent) == {"pt-cc1": 1, "pt-cc2": 2, "be-eid": 3}[profile]
    assert session.read_identity().profile == profile


def test_a_misleading_atr_does_not_decide() -> None:
    # A Belgian card presenting a CC1's ATR: the CC1 SELECT fails and the search goes on.
    transport = OtherAtr(EmulatedCard("be-eid", "lucas"), pt_cc1.ATR)
    session = CardSession.open(transport)
    assert session.profile == "be-eid"
    assert session.read_identity().national_number


def test_a_card_without_any_known_application_is_not_supported() -> None:
    transport = OtherAtr(EmulatedCard("be-eid", "lucas"), UNKNOWN_ATR)
    transport.inner = UnknownCard()
    with pytest.raises(CardNotSupported) as error:
        CardSession.open(transport)
    assert error.value.atr == UNKNOWN_ATR
    assert len(transport.sent) == 3


class UnknownCard:
    """A card that refuses every application the kiosk knows (6A82 to every SELECT)."""

    atr = UNKNOWN_ATR
    protocol = "T=1"

    def transmit(self, apdu: bytes | bytearray) -> tuple[bytes, int]:
        return b"", 0x6A82

    def close(self) -> None:
        """Nothing to release."""
