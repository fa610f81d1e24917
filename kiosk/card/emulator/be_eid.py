"""Builds an emulated Belgian eID, applet 1.7 (RSA) or 1.8 (EC P-384), from a demo citizen."""

from __future__ import annotations

import hashlib

from kiosk.card.emulator.card import CardImage, PinState, serial_from_citizen
from kiosk.card.emulator.citizens import DemoCitizen
from kiosk.card.emulator.filesystem import DedicatedFile
from kiosk.card.emulator.photo import demo_portrait
from kiosk.card.identity import PinKind
from kiosk.card.profiles import be_eid as layout

ATR_1_7 = bytes.fromhex("3B 98 13 40 0A A5 03 01 01 01 AD 13 11")
ATR_1_8 = bytes.fromhex("3B 7F 96 00 00 80 31 80 65 B0 85 04 01 20 12 0F FF 82 90 00")
PKCS15_AID = bytes.fromhex("A0 00 00 01 77 50 4B 43 53 2D 31 35")


def birth_date_text(citizen: DemoCitizen) -> str:
    """Written in the holder's language, as real cards do: French for "Belge", else Dutch."""
    language = "fr" if citizen.nationality.lower().startswith("belge") else "nl"
    month = layout.BIRTH_MONTH_NAMES[language][citizen.birth_date.month - 1]
    return f"{citizen.birth_date.day:02d} {month} {citizen.birth_date.year}"


def identity_file(citizen: DemoCitizen, chip_serial: bytes, ec_card: bool) -> bytes:
    photo = demo_portrait(citizen.id, "JPEG")
    photo_hash = (hashlib.sha384 if ec_card else hashlib.sha256)(photo).digest()
    fields: list[tuple[int, bytes]] = [
        (0x01, citizen.document_number.encode()),
        (0x02, chip_serial),
        (0x03, citizen.issue_date.strftime("%d.%m.%Y").encode()),
        (0x04, citizen.expiry_date.strftime("%d.%m.%Y").encode()),
        (0x05, citizen.issuing_entity.encode()),
        (0x06, citizen.national_number.encode()),
        (0x07, citizen.surname.encode()),
        (0x08, citizen.given_names.encode()),
        (0x0A, citizen.nationality.encode()),
        (0x0B, citizen.birth_place.encode()),
        (0x0C, birth_date_text(citizen).encode()),
        (0x0D, citizen.sex.encode()),
        (0x0F, b"01"),
        (0x10, b"0"),
        (0x11, photo_hash),
    ]
    return b"".join(layout.encode_tlv(tag, value) for tag, value in fields)


def address_file(citizen: DemoCitizen) -> bytes:
    address = citizen.address
    street = address.get("street") or " ".join(
        part for part in (address.get("street_type"), address.get("street_name"), address.get("door")) if part
    )
    postal_code = address.get("postal_code") or "-".join(
        part for part in (address.get("zip4"), address.get("zip3")) if part
    )
    municipality = address.get("municipality") or address.get("city", "")
    return b"".join(
        layout.encode_tlv(tag, value.encode())
        for tag, value in ((0x01, street), (0x02, postal_code), (0x03, municipality))
    )


def identity_signature(citizen: DemoCitizen, chip_serial: bytes, ec_card: bool) -> bytes:
    """Stand-in for the RRN's signature of the identity file (4032): its digest, not a signature.

    Like the Portuguese SOD stand-in, it changes whenever the identity (or photo) changes,
    which is all the kiosk relies on; nothing in the kiosk verifies it.
    """
    digest = hashlib.sha384 if ec_card else hashlib.sha256
    return digest(b"identity-signature|" + identity_file(citizen, chip_serial, ec_card)).digest()


def address_signature(citizen: DemoCitizen, chip_serial: bytes, ec_card: bool) -> bytes:
    """Stand-in for 4034, signed on real cards over the address then the identity signature."""
    digest = hashlib.sha384 if ec_card else hashlib.sha256
    signed = address_file(citizen).rstrip(b"\x00") + identity_signature(citizen, chip_serial, ec_card)
    return digest(b"address-signature|" + signed).digest()


def pin_state(citizen: DemoCitizen) -> PinState:
    digits = bytearray(citizen.pin(PinKind.AUTHENTICATION).encode())
    return PinState(PinKind.AUTHENTICATION, layout.PIN_REFERENCE, bytes(layout.pin_block(digits)))


def card_data(serial: bytes, ec_card: bool) -> bytes:
    """GET CARD DATA: chip serial, versions (byte 21 = applet), extended bytes on 1.8."""
    data = bytearray(serial.ljust(16, b"\x00"))
    data += bytes((0xF3, 0x36, 0x01, 0x25, 0x01, 0x18 if ec_card else 0x17, 0x00, 0x03, 0x00, 0x21))
    data += bytes((0x01, 0x0F))
    if ec_card:
        data += bytes((0x03, 0x00, 0x00))  # byte 28: PIN tries left, kept current by the card
    return bytes(data)


def build(citizen: DemoCitizen) -> CardImage:
    from kiosk.card.emulator import democa

    ec_card = citizen.applet == "1.8"
    serial = serial_from_citizen(citizen.id, "be-eid") * 2
    mf = DedicatedFile(b"\x3f\x00", layout.BELPIC_AID)
    pkcs15 = mf.df(b"\xdf\x00", PKCS15_AID)
    pkcs15.ef(b"\x50\x38", lambda: democa.card_credentials(citizen, "be-eid").auth_certificate)
    pkcs15.ef(b"\x50\x39", lambda: democa.card_credentials(citizen, "be-eid").sign_certificate)
    pkcs15.ef(b"\x50\x3a", lambda: democa.authority().sub_ca_certificate)
    pkcs15.ef(b"\x50\x3b", lambda: democa.authority().root_certificate)
    identity = mf.df(b"\xdf\x01")
    identity.ef(b"\x40\x31", lambda: identity_file(citizen, serial, ec_card))
    identity.ef(b"\x40\x32", lambda: identity_signature(citizen, serial, ec_card))
    identity.ef(b"\x40\x33", lambda: address_file(citizen))
    identity.ef(b"\x40\x34", lambda: address_signature(citizen, serial, ec_card))
    identity.ef(b"\x40\x35", lambda: demo_portrait(citizen.id, "JPEG"))
    return CardImage(
        profile="be-eid",
        atr=ATR_1_8 if ec_card else ATR_1_7,
        protocol="T=0",
        mf=mf,
        applications={layout.BELPIC_AID: mf},
        pins={layout.PIN_REFERENCE: pin_state(citizen)},
        cplc=bytes(13) + serial[:8] + bytes(24),
        card_data=card_data(serial, ec_card),
        card_data_pin=layout.PIN_REFERENCE if ec_card else None,
        key_loader=lambda: democa.card_credentials(citizen, "be-eid").card_keys(),
        pso_signs_data=True,
    )
