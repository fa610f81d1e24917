"""The identity cache a kiosk session holds across card sessions, counted APDU by APDU.

In-process emulated cards (the card is the only stand-in), plus the same hit check through a
real pcscd and vpcd at the end.
"""

from __future__ import annotations

import dataclasses

import pytest

from kiosk.card.apdu import INSTRUCTION_NAMES
from kiosk.card.cache import CardKey, IdentityCache
from kiosk.card.emulator.card import EmulatedCard, Faults
from kiosk.card.emulator.citizens import DemoCitizen, find_citizen
from kiosk.card.errors import CardRemoved
from kiosk.card.identity import Address, Identity, Photo, PinKind
from kiosk.card.session import CardSession
from kiosk.card.transport import InProcessTransport, PcscTransport, RecordingTransport
from tests.card.cardcheck import assert_identity_matches
from tests.card.conftest import READER_0, VirtualCards

CARDS = [("pt-cc1", "maria"), ("pt-cc2", "joao"), ("be-eid", "lucas"), ("be-eid", "elodie")]
# What a hit may send after profile detection: the security object, then the serial.
FINGERPRINT_APDUS = {
    "pt-cc1": [("SELECT", "5f00ef06"), ("READ BINARY", ""), ("GET DATA", "")],
    "pt-cc2": [
        ("SELECT", "011d"),
        ("READ BINARY", ""),
        ("SELECT", "604632ff000004"),
        ("GET DATA", ""),
    ],
    "be-eid 1.7": [("SELECT", "df014034"), ("READ BINARY", ""), ("GET CARD DATA", "")],
    "be-eid 1.8": [
        ("SELECT", "df014034"),
        ("READ BINARY", ""),
        ("GET CARD DATA", ""),
        ("GET CARD DATA", ""),
    ],
}


def named(transport: RecordingTransport) -> list[tuple[str, str]]:
    """(instruction, SELECT target) for each APDU; other commands' data is left out."""
    return [
        (INSTRUCTION_NAMES[apdu[1]], apdu[5 : 5 + apdu[4]].hex() if apdu[1] == 0xA4 else "")
        for apdu in transport.sent
    ]


def fingerprint_kind(profile: str, citizen: DemoCitizen) -> str:
    return f"be-eid {citizen.applet}" if profile == "be-eid" else profile


def open_recorded(card: EmulatedCard, cache: IdentityCache | None) -> tuple[CardSession, RecordingTransport]:
    """Open a session and forget the detection APDUs, so ``sent`` holds only what follows."""
    transport = RecordingTransport(InProcessTransport(card))
    session = CardSession.open(transport, cache=cache)
    transport.sent.clear()
    return session, transport


def moved(citizen: DemoCitizen, municipality: str) -> DemoCitizen:
    """The same person on the same chip, after the card's address was rewritten."""
    return dataclasses.replace(citizen, address={**citizen.address, "municipality": municipality})


# --- the cache on its own ------------------------------------------------------------------


def sample_identity(document_number: str) -> Identity:
    return Identity(
        profile="pt-cc1", atr="3B", document_number=document_number, surname="Silva", given_names="Ana",
        sex="F", nationality="PRT", birth_date=None, birth_place=None, issue_date=None, expiry_date=None,
        issuing_entity=None, civil_id=None, tax_id=None, social_security_id=None, health_id=None,
        national_number=None, has_photo=False,
    )  # fmt: skip


def test_cache_serves_only_the_matching_card_and_forgets_the_previous_one() -> None:
    cache = IdentityCache()
    first = CardKey("pt-cc1", b"\x01" * 8, b"sod-1")
    cache.remember(first, sample_identity("1"))
    assert cache.recall(first, Identity) == sample_identity("1")
    assert cache.recall(first, Address) is None
    # Same chip, rewritten security object: a miss, and the old content is gone.
    assert cache.recall(CardKey("pt-cc1", b"\x01" * 8, b"sod-2"), Identity) is None
    assert len(cache) == 0
    assert cache.recall(first, Identity) is None


def test_clear_empties_the_cache() -> None:
    cache = IdentityCache()
    key = CardKey("be-eid", b"\x02" * 16, b"sig")
    cache.remember(key, sample_identity("2"))
    cache.remember(key, Photo(b"\xff\xd8", "image/jpeg"))
    assert len(cache) == 2
    cache.clear()
    assert len(cache) == 0
    assert cache.recall(key, Photo) is None


def test_card_key_repr_leaves_out_the_digest() -> None:
    assert "security_object_digest" not in repr(CardKey("pt-cc1", b"\x01", b"\xaa" * 32))


# --- through emulated cards, APDU by APDU --------------------------------------------------


@pytest.mark.parametrize(("profile", "citizen_id"), CARDS)
def test_a_hit_reads_only_the_serial_and_the_security_object(profile: str, citizen_id: str) -> None:
    citizen = find_citizen(citizen_id)
    card = EmulatedCard(profile, citizen)
    cache = IdentityCache()
    session, miss = open_recorded(card, cache)
    identity = session.read_identity()
    assert_identity_matches(identity, citizen, profile)
    session.close()

    session, hit = open_recorded(card, cache)
    assert session.read_identity() == identity
    assert named(hit) == FINGERPRINT_APDUS[fingerprint_kind(profile, citizen)]
    assert len(hit.sent) < len(miss.sent)


@pytest.mark.parametrize(("profile", "citizen_id"), CARDS)
def test_address_and_photo_come_back_without_pin_or_reads(profile: str, citizen_id: str) -> None:
    citizen = find_citizen(citizen_id)
    card = EmulatedCard(profile, citizen)
    cache = IdentityCache()
    with CardSession.open(InProcessTransport(card), cache=cache) as session:
        identity = session.read_identity()
        address = session.read_address(bytearray(citizen.pin(PinKind.ADDRESS).encode()))
        photo = session.read_photo()
    assert len(cache) == 3

    session, hit = open_recorded(card, cache)
    pin = bytearray(citizen.pin(PinKind.ADDRESS).encode())
    assert session.read_identity() == identity
    assert session.read_address(pin) == address
    assert session.read_photo() == photo
    assert pin == bytearray(len(pin)), "the PIN bytes are zeroed even when not sent"
    assert "VERIFY" not in [name for name, _ in named(hit)]
    assert named(hit) == FINGERPRINT_APDUS[fingerprint_kind(profile, citizen)]


@pytest.mark.parametrize(("profile", "citizen_id"), CARDS)
def test_another_card_misses_and_replaces_the_cached_holder(profile: str, citizen_id: str) -> None:
    cache = IdentityCache()
    with CardSession.open(InProcessTransport(EmulatedCard("pt-cc1", "leonor")), cache=cache) as session:
        previous_key = session.card_key()
        session.read_identity()
    citizen = find_citizen(citizen_id)
    with CardSession.open(InProcessTransport(EmulatedCard(profile, citizen)), cache=cache) as session:
        assert_identity_matches(session.read_identity(), citizen, profile)
    assert cache.recall(previous_key, Identity) is None


@pytest.mark.parametrize(("profile", "citizen_id"), CARDS)
def test_a_rewritten_card_with_the_same_serial_misses(profile: str, citizen_id: str) -> None:
    citizen = find_citizen(citizen_id)
    cache = IdentityCache()
    with CardSession.open(InProcessTransport(EmulatedCard(profile, citizen)), cache=cache) as session:
        before = session.card_key()
        session.read_address(bytearray(citizen.pin(PinKind.ADDRESS).encode()))

    rewritten = moved(citizen, "Évora")
    with CardSession.open(InProcessTransport(EmulatedCard(profile, rewritten)), cache=cache) as session:
        after = session.card_key()
        address = session.read_address(bytearray(citizen.pin(PinKind.ADDRESS).encode()))
    assert after.serial == before.serial
    assert after.security_object_digest != before.security_object_digest
    assert address.municipality == "Évora"


@pytest.mark.parametrize(("profile", "citizen_id"), CARDS)
def test_a_renamed_holder_on_the_same_chip_misses(profile: str, citizen_id: str) -> None:
    citizen = find_citizen(citizen_id)
    cache = IdentityCache()
    with CardSession.open(InProcessTransport(EmulatedCard(profile, citizen)), cache=cache) as session:
        session.read_identity()
    renamed = dataclasses.replace(citizen, surname="Renamed")
    with CardSession.open(InProcessTransport(EmulatedCard(profile, renamed)), cache=cache) as session:
        assert session.read_identity().surname == "Renamed"


def test_after_clear_the_card_is_read_again_in_full() -> None:
    card = EmulatedCard("pt-cc1", "maria")
    cache = IdentityCache()
    session, first = open_recorded(card, cache)
    session.read_identity()
    cache.clear()
    assert len(cache) == 0
    session, second = open_recorded(card, cache)
    session.read_identity()
    assert named(second) == named(first)
    assert ("SELECT", "5f00ef02") in named(second)


def test_a_card_pulled_mid_read_leaves_nothing_in_the_cache() -> None:
    # Detection (1) and the fingerprint (3) pass; the card leaves during the identity read.
    card = EmulatedCard("pt-cc1", "maria", Faults(pull_after=6))
    cache = IdentityCache()
    session = CardSession.open(InProcessTransport(card), cache=cache)
    with pytest.raises(CardRemoved):
        session.read_identity()
    assert len(cache) == 0


def test_without_a_cache_nothing_extra_is_read() -> None:
    card = EmulatedCard("pt-cc1", "maria")
    session, sent = open_recorded(card, None)
    session.read_identity()
    assert ("SELECT", "5f00ef06") not in named(sent)
    assert ("SELECT", "5f00ef02") in named(sent)


# --- through pcscd and vpcd ----------------------------------------------------------------


@pytest.mark.pcscd
@pytest.mark.parametrize(("profile", "citizen_id"), [("pt-cc1", "maria"), ("be-eid", "elodie")])
def test_a_hit_through_pcscd(virtual_cards: VirtualCards, profile: str, citizen_id: str) -> None:
    citizen = find_citizen(citizen_id)
    virtual_cards.insert(READER_0, profile, citizen.id)
    cache = IdentityCache()
    with CardSession.open(PcscTransport(READER_0), cache=cache) as session:
        identity = session.read_identity()
        miss_apdus = session.apdu_count
    with CardSession.open(PcscTransport(READER_0), cache=cache) as session:
        detection = session.apdu_count
        assert session.read_identity() == identity
        hit_apdus = session.apdu_count - detection
    assert hit_apdus == len(FINGERPRINT_APDUS[fingerprint_kind(profile, citizen)])
    assert hit_apdus + detection < miss_apdus

    # The same reader, a rewritten card: the cache must not answer for it.
    virtual_cards.insert(READER_0, profile, moved(citizen, "Évora"))
    with CardSession.open(PcscTransport(READER_0), cache=cache) as session:
        assert session.read_address(bytearray(citizen.pin(PinKind.ADDRESS).encode())).municipality == "Évora"
