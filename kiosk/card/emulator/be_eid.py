"""Builds an emulated Belgian eID, applet 1.7 (RSA) or 1.8 (EC P-384), from a demo citizen."""

from __future__ import annotations

import functools
import hashlib

from kiosk.card.emulator import pkcs15
from kiosk.card.emulator.card import CardImage, PinState, serial_from_citizen
from kiosk.card.emulator.citizens import DemoCitizen
from kiosk.card.emulator.filesystem import DedicatedFile
from kiosk.card.emulator.photo import demo_portrait
from kiosk.card.identity import PinKind
from kiosk.card.profiles import be_eid as layout

ATR_1_7 = bytes.fromhex("3B 98 13 40 0A A5 03 01 01 01 AD 13 11")
ATR_1_8 = bytes.fromhex("3B 7F 96 00 00 80 31 80 65 B0 85 04 01 20 12 0F FF 82 90 00")
PKCS15_AID = bytes.fromhex("A0 00 00 01 77 50 4B 43 53 2D 31 35")
PKCS15_DF_PATH = bytes.fromhex("3F00DF00")
BELGIAN_EID_OID = bytes.fromhex("06 03 60 38 02")  # 2.16.56.2, in EF.DIR's discretionary data
# Every object of the card belongs to the one PIN, and the card marks them private and modifiable.
OBJECT_FLAGS = frozenset({pkcs15.PRIVATE, pkcs15.MODIFIABLE})
PIN_AUTH_ID = b"\x01"
KEY_ACCESS = frozenset({pkcs15.SENSITIVE, pkcs15.ALWAYS_SENSITIVE, pkcs15.NEVER_EXTRACTABLE, pkcs15.LOCAL})


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
        (0x09, b""),  # the first letter of a third given name: empty unless there is one
        (0x0A, citizen.nationality.encode()),
        (0x0B, citizen.birth_place.encode()),
        (0x0C, birth_date_text(citizen).encode()),
        (0x0D, citizen.sex.encode()),
        (0x0E, b""),  # noble condition
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
    """The card's one PIN, the Basic PIN (cards.md 2.7). There is no address PIN: the address file 4033 is
    read without any PIN, as identity and photo are; an address PIN in a citizen's file never gets on it."""
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


def pkcs15_files(pkcs15_df: DedicatedFile, citizen: DemoCitizen, serial: bytes) -> None:
    """ODF, TokenInfo, AODF, PrKDF and CDF of DF00, as on Fedict's cards."""
    directories = {
        pkcs15.PRIVATE_KEYS: b"\x50\x35",
        pkcs15.CERTIFICATES: b"\x50\x37",
        pkcs15.AUTH_OBJECTS: b"\x50\x34",
    }
    pkcs15_df.ef(b"\x50\x31", pkcs15.odf((kind, PKCS15_DF_PATH + fid) for kind, fid in directories.items()))
    flags = frozenset({pkcs15.PRN_GENERATION, pkcs15.EID_COMPLIANT})
    pkcs15_df.ef(b"\x50\x32", pkcs15.token_info(0, serial, "BELPIC", flags))
    basic_pin = pkcs15.Pin(
        label="Basic PIN",
        auth_id=PIN_AUTH_ID,
        reference=layout.PIN_REFERENCE,
        pin_type=pkcs15.BCD,
        flags=frozenset({pkcs15.INITIALIZED, pkcs15.NEEDS_PADDING}),
        path=b"\x3f\x00",
        object_flags=OBJECT_FLAGS,
    )
    pkcs15_df.ef(b"\x50\x34", pkcs15.aodf([basic_pin]))
    keys = functools.partial(
        pkcs15.citizen_keys,
        citizen,
        "be-eid",
        ("Authentication", "Signature"),
        (b"\x02", b"\x03"),
        (PIN_AUTH_ID, PIN_AUTH_ID),
        elliptic=citizen.applet == "1.8",  # EC P-384 keys on applet 1.8
        path=PKCS15_DF_PATH,
        access=KEY_ACCESS,
        object_flags=OBJECT_FLAGS,
    )
    pkcs15_df.ef(b"\x50\x35", keys)
    certificates = (
        ("Authentication", b"\x02", b"\x50\x38", False),
        ("Signature", b"\x03", b"\x50\x39", False),
        ("CA", b"\x04", b"\x50\x3a", True),
        ("Root", b"\x06", b"\x50\x3b", True),
    )
    pkcs15_df.ef(
        b"\x50\x37",
        pkcs15.cdf(
            pkcs15.Certificate(label, cert_id, PKCS15_DF_PATH + fid, authority, PIN_AUTH_ID, OBJECT_FLAGS)
            for label, cert_id, fid, authority in certificates
        ),
    )


def build(citizen: DemoCitizen) -> CardImage:
    from kiosk.card.emulator import democa

    ec_card = citizen.applet == "1.8"
    serial = serial_from_citizen(citizen.id, "be-eid") * 2
    mf = DedicatedFile(b"\x3f\x00", layout.BELPIC_AID)
    mf.ef(b"\x2f\x00", pkcs15.ef_dir(PKCS15_AID, "BELPIC", PKCS15_DF_PATH, BELGIAN_EID_OID))
    pkcs15_df = mf.df(b"\xdf\x00", PKCS15_AID)
    pkcs15_files(pkcs15_df, citizen, serial)
    pkcs15_df.ef(b"\x50\x38", lambda: democa.card_credentials(citizen, "be-eid").auth_certificate)
    pkcs15_df.ef(b"\x50\x39", lambda: democa.card_credentials(citizen, "be-eid").sign_certificate)
    pkcs15_df.ef(b"\x50\x3a", lambda: democa.authority().sub_ca_certificate)
    pkcs15_df.ef(b"\x50\x3b", lambda: democa.authority().root_certificate)
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
