"""Builds an emulated Portuguese CC 2.0 (IAS v5, contact interface)."""

from __future__ import annotations

from kiosk.card.emulator.card import CardImage, serial_from_citizen
from kiosk.card.emulator.citizens import DemoCitizen
from kiosk.card.emulator.filesystem import DedicatedFile
from kiosk.card.emulator.photo import demo_portrait
from kiosk.card.emulator.pt_cc1 import address_file, cplc, mrz_lines, pin_states, pt_date
from kiosk.card.identity import PinKind
from kiosk.card.profiles import pt_cc2 as layout
from kiosk.card.profiles.pt_common import PIN_REFERENCES
from kiosk.card.profiles.tlv import encode

# "IAS v5 ... CC2 Contact" (cards.md §1.1): T=1.
ATR = bytes.fromhex("3B FF 96 00 00 81 31 FE 43 80 31 80 65 B0 85 05 00 11 12 0F FF 82 90 00 E1")
CONTACTLESS_ATR = bytes.fromhex("3B 8F 80 01 80 31 80 65 B0 85 05 00 11 12 0F FF 82 90 00 8B")


def dg13(citizen: DemoCitizen) -> bytes:
    names = {value: tag for tag, value in layout.DG13_FIELDS.items()}
    father = [*citizen.father.split(" ", 1), ""]
    mother = [*citizen.mother.split(" ", 1), ""]
    values = {
        "issuing_entity": citizen.issuing_entity,
        "issuing_state": "PRT",
        "document_type": "Cartão de Cidadão",
        "document_number": citizen.document_number,
        "document_version": "007.001.01",
        "issue_date": pt_date(citizen.issue_date),
        "request_place": citizen.birth_place,
        "expiry_date": pt_date(citizen.expiry_date),
        "surname": citizen.surname,
        "given_names": citizen.given_names,
        "sex": citizen.sex,
        "nationality": citizen.nationality,
        "birth_date": pt_date(citizen.birth_date),
        "height": "1,70",
        "civil_id": citizen.civil_id,
        "father_surname": father[1],
        "father_given_names": father[0],
        "mother_surname": mother[1],
        "mother_given_names": mother[0],
        "tax_id": citizen.tax_id,
        "social_security_id": citizen.social_security_id,
        "health_id": citizen.health_id,
    }
    body = b"".join(encode(names[name], value.encode()) for name, value in values.items())
    body += encode(0x7F49, encode(0x81, bytes(32)) + encode(0x82, b"\x01\x00\x01"))
    return encode(0x6D, encode(0x30, body))


def dg2(citizen: DemoCitizen) -> bytes:
    image = demo_portrait(citizen.id, "JPEG2000", 14000)
    record = encode(0x5F2E, bytes(layout.PHOTO_HEADERS) + image)
    # encode() uses 81/82 lengths; the middleware looks for 5F 2E 82 exactly, so force it.
    if record[2] != 0x82:
        value = bytes(layout.PHOTO_HEADERS) + image
        record = b"\x5f\x2e\x82" + len(value).to_bytes(2, "big") + value
    return encode(0x75, encode(0x7F61, encode(0x02, b"\x01") + encode(0x7F60, record)))


def mrz_file(citizen: DemoCitizen) -> bytes:
    text = "".join(mrz_lines(citizen)).encode()
    return b"\x61\x5b\x5f\x1f" + bytes((len(text),)) + text


def build(citizen: DemoCitizen) -> CardImage:
    from kiosk.card.emulator import democa

    serial = serial_from_citizen(citizen.id, "pt-cc2")
    # Each applet has its own file tree: selecting it by AID makes it the root for paths.
    national = DedicatedFile(b"\x3f\x00", layout.NATIONAL_DATA_AID)
    national.ef(b"\x01\x01", lambda: mrz_file(citizen))
    national.ef(b"\x01\x02", lambda: dg2(citizen))
    national.ef(b"\x01\x0d", lambda: dg13(citizen))
    national.ef(b"\x01\x1d", lambda: democa.sod(citizen, "pt-cc2"))
    eid = DedicatedFile(b"\x3f\x00", layout.EID_AID)
    issued = citizen.issue_date.strftime("%Y%m%d")
    eid.ef(b"\x00\x03", bytes.fromhex(issued) + b"\x00\x01")
    pki = eid.df(b"\x5f\x00")
    pki.ef(b"\xef\x02", lambda: democa.card_credentials(citizen, "pt-cc2").auth_certificate)
    pki.ef(b"\xef\x04", lambda: democa.card_credentials(citizen, "pt-cc2").sign_certificate)
    pki.ef(b"\xef\x10", lambda: democa.authority().sub_ca_certificate)
    pki.ef(b"\xef\x11", lambda: democa.authority().root_certificate)
    pki.ef(b"\xef\x05", lambda: address_file(citizen), read_pin=PIN_REFERENCES[PinKind.ADDRESS])
    return CardImage(
        profile="pt-cc2",
        atr=ATR,
        protocol="T=1",
        mf=eid,
        applications={layout.NATIONAL_DATA_AID: national, layout.EID_AID: eid},
        pins=pin_states(citizen),
        cplc=cplc(serial),
        key_loader=lambda: democa.card_credentials(citizen, "pt-cc2").card_keys(),
    )
