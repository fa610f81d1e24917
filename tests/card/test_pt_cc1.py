"""pt-cc1 end to end in-process: emulator file system, identity, photo, address, PINs, signing."""

from __future__ import annotations

import datetime

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from kiosk.card.emulator.card import EmulatedCard, Faults
from kiosk.card.emulator.citizens import find_citizen
from kiosk.card.errors import CardRemoved, CommunicationError, PinBlocked, SecurityStatusNotSatisfied, WrongPin
from kiosk.card.identity import PinKind
from kiosk.card.profiles.pt_cc1 import ID_TEXT_LENGTH
from kiosk.card.session import CardSession
from kiosk.card.transport import InProcessTransport


def open_session(citizen: str = "maria", faults: Faults | None = None) -> CardSession:
    card = EmulatedCard("pt-cc1", citizen, faults)
    return CardSession.open(InProcessTransport(card))


def test_identity_matches_the_citizen_data_file() -> None:
    citizen = find_citizen("maria")
    session = open_session()
    identity = session.read_identity()
    assert session.profile == "pt-cc1"
    assert identity.surname == citizen.surname
    assert identity.given_names == citizen.given_names
    assert identity.full_name() == f"{citizen.given_names} {citizen.surname}"
    assert identity.birth_date == citizen.birth_date
    assert identity.expiry_date == citizen.expiry_date
    assert identity.tax_id == citizen.tax_id
    assert identity.national_number is None
    assert identity.atr.startswith("3B FF 96")


def test_identity_reads_only_the_text_part() -> None:
    session = open_session()
    session.read_identity()
    # SELECT AID, SELECT path, then ceil(1372 / 256) READ BINARY and nothing of the photo.
    assert session.apdu_count == 2 + -(-ID_TEXT_LENGTH // 256)


def test_identity_is_cached_for_the_session_and_wiped_on_close() -> None:
    session = open_session()
    first = session.read_identity()
    count = session.apdu_count
    assert session.read_identity() is first
    assert session.apdu_count == count
    session.close()
    with pytest.raises(CommunicationError):
        session.read_identity()


def test_very_long_names_survive_the_fixed_width_fields() -> None:
    citizen = find_citizen("leonor")
    identity = open_session("leonor").read_identity()
    assert len(citizen.surname.encode()) > 80
    assert identity.surname == citizen.surname
    assert identity.given_names == citizen.given_names


def test_json_dict_has_exactly_the_contract_keys() -> None:
    data = open_session().read_identity().to_json_dict()
    assert list(data) == [
        "profile", "atr", "document_number", "surname", "given_names", "sex", "nationality",
        "birth_date", "birth_place", "issue_date", "expiry_date", "issuing_entity", "civil_id",
        "tax_id", "social_security_id", "health_id", "national_number", "has_photo",
    ]  # fmt: skip
    assert data["birth_date"] == "1985-03-15"
    assert data["birth_place"] is None


def test_photo_is_a_decodable_jpeg_2000() -> None:
    photo = open_session().read_photo()
    assert photo.mime_type == "image/jp2"
    assert photo.decode().size == (120, 150)


def test_address_needs_the_address_pin() -> None:
    session = open_session()
    assert session.pin_status(PinKind.ADDRESS) == 3
    pin = bytearray(b"0000")
    address = session.read_address(pin)
    assert pin == bytearray(4)  # zeroed after use
    assert address.municipality == "Lisboa"
    assert address.postal_code == "1150-020"
    assert not address.foreign


def test_wrong_address_pin_lowers_tries_down_to_blocked() -> None:
    session = open_session()
    for tries_left in (2, 1):
        with pytest.raises(WrongPin) as caught:
            session.read_address(bytearray(b"9999"))
        assert caught.value.tries_left == tries_left
        assert session.pin_status(PinKind.ADDRESS) == tries_left
    with pytest.raises(PinBlocked):
        session.read_address(bytearray(b"9999"))
    assert session.pin_status(PinKind.ADDRESS) == 0
    # Even the right PIN is no longer tried: the session refuses before the card counts.
    with pytest.raises(PinBlocked) as blocked:
        session.read_address(bytearray(b"0000"))
    assert "Loja do Cidadão" in blocked.value.user_message("en")


def test_a_card_that_starts_with_a_blocked_pin() -> None:
    session = open_session(faults=Faults(blocked_pins=frozenset({PinKind.AUTHENTICATION})))
    assert session.pin_status(PinKind.AUTHENTICATION) == 0
    assert session.pin_status(PinKind.ADDRESS) == 3
    with pytest.raises(PinBlocked):
        session.authenticate(b"challenge", bytearray(b"1234"))


def test_authentication_signature_verifies_with_the_certificate_key() -> None:
    session = open_session()
    challenge = b"portal challenge 0123456789"
    result = session.authenticate(challenge, bytearray(b"1234"))
    leaf = x509.load_der_x509_certificate(result.certificate_chain[0])
    public_key = leaf.public_key()
    assert isinstance(public_key, rsa.RSAPublicKey)
    public_key.verify(result.signature, challenge, padding.PKCS1v15(), hashes.SHA256())
    issuer = x509.load_der_x509_certificate(result.certificate_chain[1])
    leaf.verify_directly_issued_by(issuer)
    root = x509.load_der_x509_certificate(result.certificate_chain[2])
    issuer.verify_directly_issued_by(root)
    assert leaf.not_valid_after_utc.date() > datetime.date(2030, 1, 1)


def test_signing_without_the_pin_is_refused_by_the_card() -> None:
    card = EmulatedCard("pt-cc1", "maria")
    transport = InProcessTransport(card)
    session = CardSession.open(transport)
    profile_card = session._card
    assert hasattr(profile_card, "sign_hash")
    with pytest.raises(SecurityStatusNotSatisfied):
        profile_card.sign_hash(0x02, 0x42, bytes(32))


@pytest.mark.parametrize("pulled_after", [1, 3, 5, 7])
def test_card_pulled_mid_read_raises_card_removed_and_keeps_nothing(pulled_after: int) -> None:
    session = open_session(faults=Faults(pull_after=pulled_after))
    with pytest.raises(CardRemoved):
        session.read_identity()
    assert session._identity is None
    with pytest.raises(CardRemoved):
        session.read_photo()
    assert session._photo is None
