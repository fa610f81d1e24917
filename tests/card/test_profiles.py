"""Every profile with every demo citizen, in-process: identity, photo, address, PINs, signing."""

from __future__ import annotations

import pytest

from kiosk.card.emulator.card import EmulatedCard, Faults
from kiosk.card.emulator.citizens import DemoCitizen, demo_citizens
from kiosk.card.errors import CardError, CardRemoved, CorruptField, PinBlocked, WrongPin
from kiosk.card.identity import PinKind
from kiosk.card.session import CardSession
from kiosk.card.transport import InProcessTransport
from tests.card.cardcheck import assert_identity_matches, assert_signature_verifies

CITIZENS = {citizen.id: citizen for citizen in demo_citizens()}
PROFILES = ("pt-cc1", "pt-cc2", "be-eid")


def session_for(citizen: DemoCitizen, profile: str, faults: Faults | None = None) -> CardSession:
    return CardSession.open(InProcessTransport(EmulatedCard(profile, citizen, faults)))


def read_identity(card: EmulatedCard) -> None:
    CardSession.open(InProcessTransport(card)).read_identity()


def wrong_pin(citizen: DemoCitizen, kind: PinKind) -> bytearray:
    right = citizen.pin(kind)
    return bytearray(b"0000" if right != "0000" else b"1111")


@pytest.mark.parametrize("citizen", CITIZENS.values(), ids=CITIZENS.keys())
def test_each_demo_citizen_reads_on_their_own_profile(citizen: DemoCitizen) -> None:
    session = session_for(citizen, citizen.profile)
    assert_identity_matches(session.read_identity(), citizen, citizen.profile)


@pytest.mark.parametrize("profile", PROFILES)
def test_any_citizen_can_be_put_on_any_profile(profile: str) -> None:
    citizen = CITIZENS["maria"] if profile == "be-eid" else CITIZENS["elodie"]
    session = session_for(citizen, profile)
    identity = session.read_identity()
    assert identity.profile == profile
    assert identity.full_name() == citizen.display_name


@pytest.mark.parametrize("profile", PROFILES)
def test_photo_decodes(profile: str) -> None:
    photo = session_for(CITIZENS["joao"], profile).read_photo()
    assert photo.mime_type == ("image/jpeg" if profile == "be-eid" else "image/jp2")
    assert photo.decode().size == (120, 150)


@pytest.mark.parametrize("citizen_id", ["maria", "ines", "lucas"])
def test_address(citizen_id: str) -> None:
    citizen = CITIZENS[citizen_id]
    session = session_for(citizen, citizen.profile)
    pin = bytearray(citizen.pin(PinKind.ADDRESS).encode())
    address = session.read_address(pin)
    assert not any(pin)
    assert session.address_needs_pin == (citizen.profile != "be-eid")
    if citizen.address["kind"] == "foreign":
        assert address.foreign
        assert address.country == citizen.address["country"]
        assert address.municipality == citizen.address["city"]
    else:
        assert address.municipality == citizen.address["municipality"]


@pytest.mark.parametrize("citizen_id", ["maria", "joao", "lucas", "elodie"])
def test_wrong_authentication_pin_counts_down_to_blocked(citizen_id: str) -> None:
    citizen = CITIZENS[citizen_id]
    session = session_for(citizen, citizen.profile)
    assert session.pin_status(PinKind.AUTHENTICATION) == 3
    for expected in (2, 1):
        with pytest.raises(WrongPin) as caught:
            session.authenticate(b"challenge", wrong_pin(citizen, PinKind.AUTHENTICATION))
        assert caught.value.tries_left == expected
        assert session.pin_status(PinKind.AUTHENTICATION) == expected
    with pytest.raises(PinBlocked) as blocked:
        session.authenticate(b"challenge", wrong_pin(citizen, PinKind.AUTHENTICATION))
    assert session.pin_status(PinKind.AUTHENTICATION) == 0
    where = "town hall" if citizen.profile == "be-eid" else "Loja do Cidadão"
    assert where in blocked.value.user_message("en")


@pytest.mark.parametrize("citizen_id", ["maria", "joao", "lucas", "elodie"])
def test_authentication_signature_verifies(citizen_id: str) -> None:
    citizen = CITIZENS[citizen_id]
    session = session_for(citizen, citizen.profile)
    pin = bytearray(citizen.pin(PinKind.AUTHENTICATION).encode())
    challenge = b"nonce-" + citizen_id.encode()
    assert_signature_verifies(session.authenticate(challenge, pin), challenge)
    assert not any(pin)


@pytest.mark.parametrize("profile", PROFILES)
def test_pulled_at_every_apdu_of_an_identity_read(profile: str) -> None:
    citizen = CITIZENS["maria"]
    complete = session_for(citizen, profile)
    complete.read_identity()
    for pulled_after in range(complete.apdu_count):
        card = EmulatedCard(profile, citizen, Faults(pull_after=pulled_after))
        with pytest.raises(CardRemoved):
            read_identity(card)


@pytest.mark.parametrize("profile", PROFILES)
def test_corrupt_responses_name_a_field(profile: str) -> None:
    seen = []
    for start in range(0, 8):
        card = EmulatedCard(profile, CITIZENS["maria"], Faults(corrupt_after=start))
        try:
            read_identity(card)
        except CorruptField as error:
            seen.append(error.field)
        except CardRemoved:
            pytest.fail("corruption is not a removal")
        except CardError:
            pass  # e.g. a status word garbled into another error: typed, so fine
    assert seen


def test_unknown_card_is_not_supported_and_logs_its_atr(caplog: pytest.LogCaptureFixture) -> None:
    from kiosk.card.errors import CardNotSupported

    card = EmulatedCard("pt-cc1", CITIZENS["maria"])
    card.image.applications.clear()
    card.image.mf.children.clear()
    card.image.mf.name = b""
    with pytest.raises(CardNotSupported) as caught:
        CardSession.open(InProcessTransport(card))
    assert caught.value.user_message("pt") == "Este cartão não é suportado."
    assert "3B FF 96" in caplog.text


def test_contactless_cc2_asks_for_the_contact_slot() -> None:
    from kiosk.card.emulator.pt_cc2 import CONTACTLESS_ATR
    from kiosk.card.errors import ContactlessOnly

    card = EmulatedCard("pt-cc2", CITIZENS["joao"])
    card.image.atr = CONTACTLESS_ATR
    with pytest.raises(ContactlessOnly) as caught:
        CardSession.open(InProcessTransport(card))
    assert "contact slot" in caught.value.user_message("en")


@pytest.mark.parametrize(("citizen_id", "serial"), [("leonor", "BI08765432"), ("elodie", "92030145612")])
def test_certificate_subject_names_the_holder_like_a_real_card(citizen_id: str, serial: str) -> None:
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    citizen = CITIZENS[citizen_id]
    session = session_for(citizen, citizen.profile)
    result = session.authenticate(b"c", bytearray(citizen.pin(PinKind.AUTHENTICATION).encode()))
    subject = x509.load_der_x509_certificate(result.certificate_chain[0]).subject

    def value(oid: x509.ObjectIdentifier) -> object:
        return subject.get_attributes_for_oid(oid)[0].value

    assert value(NameOID.SERIAL_NUMBER) == serial
    assert value(NameOID.SURNAME) == citizen.surname
    assert value(NameOID.GIVEN_NAME) == citizen.given_names
    assert len(str(value(NameOID.COMMON_NAME)).encode()) <= 64


@pytest.mark.parametrize("citizen_id", ["maria", "lucas"])
def test_no_pin_in_logs_even_at_debug(citizen_id: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG")
    citizen = CITIZENS[citizen_id]
    session = session_for(citizen, citizen.profile)
    secret = citizen.pin(PinKind.AUTHENTICATION)
    with pytest.raises(WrongPin):
        session.authenticate(b"c", wrong_pin(citizen, PinKind.AUTHENTICATION))
    session.authenticate(b"c", bytearray(secret.encode()))
    assert caplog.records  # the layer did log (status words), just never a PIN
    assert secret not in caplog.text
    assert "0000" not in caplog.text
