"""Builds the file system of an emulated first-generation Portuguese card (IAS07 / GemSafe)."""

from __future__ import annotations

import datetime
import functools
import hashlib

from kiosk.card.emulator import pkcs15
from kiosk.card.emulator.card import CardImage, PinState, serial_from_citizen
from kiosk.card.emulator.citizens import DemoCitizen
from kiosk.card.emulator.filesystem import DedicatedFile
from kiosk.card.emulator.photo import demo_portrait
from kiosk.card.identity import PinKind
from kiosk.card.profiles import pt_cc1 as layout
from kiosk.card.profiles.pt_common import PIN_REFERENCES

# "PTeid (GemSafe) 4": T=1 (cards.md §1.1).
ATR = bytes.fromhex("3B FF 96 00 00 81 31 FE 43 80 31 80 65 B0 85 04 01 20 12 0F FF 82 90 00 D0")
APPLET_VERSION = b"\x00\x00\x00" + b"4.4.1.0"
# The PKCS#15 application DF 4F00 is named "DF issuer" on the card, and EF.DIR says so.
PKCS15_NAME = b"DF issuer"


def fit_utf8(text: str, length: int) -> bytes:
    """UTF-8 of ``text`` cut at a character boundary so it fits ``length`` bytes."""
    encoded = text.encode()
    while len(encoded) > length:
        text = text[:-1]
        encoded = text.encode()
    return encoded


def fill_layout(
    size: int, layout_fields: tuple[tuple[str, int, int], ...], values: dict[str, str]
) -> bytearray:
    data = bytearray(size)
    for name, offset, length in layout_fields:
        encoded = fit_utf8(values.get(name, ""), length)
        data[offset : offset + len(encoded)] = encoded
    return data


def pt_date(date: datetime.date) -> str:
    return date.strftime("%d %m %Y")


def mrz_lines(citizen: DemoCitizen) -> tuple[str, str, str]:
    """TD1-shaped lines; good enough for display, not a check-digit-exact MRZ."""

    def clean(text: str) -> str:
        import unicodedata

        ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return "".join(char if char.isalnum() else "<" for char in ascii_text.upper())

    number = clean(citizen.document_number.replace(" ", ""))
    line1 = f"I<PRT{number}".ljust(30, "<")[:30]
    line2 = (
        citizen.birth_date.strftime("%y%m%d")
        + "0"
        + (citizen.sex[:1] or "<")
        + citizen.expiry_date.strftime("%y%m%d")
        + "0"
        + (citizen.nationality[:3] or "<<<")
    ).ljust(30, "<")[:30]
    line3 = (clean(citizen.surname) + "<<" + clean(citizen.given_names)).ljust(30, "<")[:30]
    return line1, line2, line3


def id_values(citizen: DemoCitizen) -> dict[str, str]:
    mrz1, mrz2, mrz3 = mrz_lines(citizen)
    father_names = [*citizen.father.split(" ", 1), ""]
    mother_names = [*citizen.mother.split(" ", 1), ""]
    return {
        "issuing_entity": citizen.issuing_entity,
        "country": "PRT",
        "document_type": "Cartão de Cidadão",
        "document_number": citizen.document_number,
        "document_number_pan": "0000" + citizen.civil_id.rjust(12, "0"),
        "document_version": "006.007.23",
        "issue_date": pt_date(citizen.issue_date),
        "request_place": citizen.birth_place or "Lisboa",
        "expiry_date": pt_date(citizen.expiry_date),
        "surname": citizen.surname,
        "given_names": citizen.given_names,
        "sex": citizen.sex,
        "nationality": citizen.nationality,
        "birth_date": pt_date(citizen.birth_date),
        "height": "1,70",
        "civil_id": citizen.civil_id,
        "father_given_names": father_names[0],
        "father_surname": father_names[1],
        "mother_given_names": mother_names[0],
        "mother_surname": mother_names[1],
        "tax_id": citizen.tax_id,
        "social_security_id": citizen.social_security_id,
        "health_id": citizen.health_id,
        "mrz1": mrz1,
        "mrz2": mrz2,
        "mrz3": mrz3,
    }


def id_file(citizen: DemoCitizen) -> bytes:
    """EF02: text fields, card public key, CBEFF-wrapped JPEG 2000 photo, zero padding."""
    data = fill_layout(layout.ID_FILE_SIZE, layout.ID_LAYOUT, id_values(citizen))
    data[1372:1500] = hashlib.sha512(citizen.id.encode()).digest() * 2  # stand-in modulus
    data[1500:1503] = b"\x01\x00\x01"
    image = demo_portrait(citizen.id, "JPEG2000", layout.ID_FILE_SIZE - 1583)
    record_length = layout.PHOTO_HEADERS_LENGTH - 5 + len(image)
    headers = bytearray(layout.PHOTO_HEADERS_LENGTH)
    headers[:5] = b"\x7f\x61\x82" + record_length.to_bytes(2, "big")
    headers[34:38] = b"FAC\x00"  # ISO 19794-5 facial record header starts at 1537
    data[layout.PHOTO_OFFSET : layout.PHOTO_OFFSET + len(headers)] = headers
    data[1583 : 1583 + len(image)] = image
    return bytes(data)


def address_file(citizen: DemoCitizen) -> bytes:
    address = citizen.address
    country = address.get("country", "PT")
    if address.get("kind", "national") == "national" and country == "PT":
        values = {"type": "N", "country": country, **address}
        return bytes(
            fill_layout(
                layout.ADDRESS_FILE_SIZE,
                layout.ADDRESS_COMMON + layout.ADDRESS_NATIONAL,
                values,
            )
        )
    values = {
        "type": "I",
        "country": country,
        "country_description": address.get("country_description", country),
        "street": address.get("street", ""),
        "city": address.get("city") or address.get("municipality", ""),
        "region": address.get("region", ""),
        "locality": address.get("locality") or address.get("municipality", ""),
        "postal_code": address.get("postal_code", ""),
    }
    return bytes(fill_layout(layout.ADDRESS_FILE_SIZE, layout.ADDRESS_COMMON + layout.ADDRESS_FOREIGN, values))


def pin_states(citizen: DemoCitizen) -> dict[int, PinState]:
    states = {}
    for kind, reference in PIN_REFERENCES.items():
        block = citizen.pin(kind).encode().ljust(8, b"\xff")
        states[reference] = PinState(kind, reference, block)
    return states


def cplc(serial: bytes) -> bytes:
    """45 bytes of CPLC data with the chip serial at bytes 13..20."""
    return bytes(13) + serial + bytes(45 - 13 - len(serial))


def pkcs15_pins() -> list[pkcs15.Pin]:
    """The AODF of a CC1: three ASCII PINs, each with its card reference (cards.md §1.7)."""
    labels = {
        PinKind.AUTHENTICATION: "PIN da Autenticação",
        PinKind.SIGNATURE: "PIN da Assinatura",
        PinKind.ADDRESS: "PIN da Morada",
    }
    return [
        pkcs15.Pin(
            label=labels[kind],
            auth_id=bytes((number,)),
            reference=PIN_REFERENCES[kind],
            pin_type=pkcs15.ASCII_NUMERIC,
            flags=frozenset({pkcs15.CASE_SENSITIVE, pkcs15.INITIALIZED}),
            reference_in_authentication_object=True,
        )
        for number, kind in enumerate(labels, start=1)
    ]


def pkcs15_certificates() -> bytes:
    """The CDF: the citizen's two certificates (IDs of their keys) and the three CA ones."""
    return pkcs15.cdf(
        pkcs15.Certificate(label, cert_id, bytes.fromhex("3F005F00") + fid)
        for label, cert_id, fid in (
            ("CITIZEN AUTHENTICATION CERTIFICATE", b"E", b"\xef\x09"),
            ("CITIZEN SIGNATURE CERTIFICATE", b"F", b"\xef\x08"),
            ("SIGNATURE SUB CA", b"Q", b"\xef\x0f"),
            ("AUTHENTICATION SUB CA", b"R", b"\xef\x10"),
            ("ROOT CA", b"P", b"\xef\x11"),
        )
    )


def build(citizen: DemoCitizen) -> CardImage:
    from kiosk.card.emulator import democa

    serial = serial_from_citizen(citizen.id, "pt-cc1")
    mf = DedicatedFile(b"\x3f\x00")
    issued = citizen.issue_date.strftime("%Y%m%d")
    mf.ef(b"\x00\x03", bytes.fromhex(issued) + b"\x00\x01")
    mf.ef(b"\x2f\x00", pkcs15.ef_dir(PKCS15_NAME, "PORTUGAL EID", b"\x4f\x00"))
    pkcs15_df = mf.df(b"\x4f\x00", PKCS15_NAME)
    directories = {
        pkcs15.PRIVATE_KEYS: b"\xef\x0d",
        pkcs15.CERTIFICATES: b"\xef\x0c",
        pkcs15.AUTH_OBJECTS: b"\x44\x01",
    }
    pkcs15_df.ef(
        b"\x50\x31",
        pkcs15.odf((kind, bytes.fromhex("3F005F00") + fid) for kind, fid in directories.items()),
    )
    pkcs15_df.ef(b"\x50\x32", pkcs15.token_info(1, serial, "CARTAO DE CIDADAO", frozenset(), "GEMALTO"))
    application = mf.df(b"\x5f\x00", layout.AID)
    application.ef(b"\x44\x01", pkcs15.aodf(pkcs15_pins()))
    application.ef(b"\xef\x0c", pkcs15_certificates())
    labels = ("CITIZEN AUTHENTICATION KEY", "CITIZEN SIGNATURE KEY")
    keys = functools.partial(pkcs15.citizen_keys, citizen, "pt-cc1", labels, (b"E", b"F"), (b"\x01", b"\x02"))
    application.ef(b"\xef\x0d", keys)
    application.ef(b"\xef\x02", lambda: id_file(citizen))
    application.ef(b"\xef\x05", lambda: address_file(citizen), read_pin=PIN_REFERENCES[PinKind.ADDRESS])
    application.ef(b"\xef\x06", lambda: democa.sod(citizen, "pt-cc1"))
    application.ef(b"\xef\x07", bytes(1000))
    application.ef(b"\xef\x09", lambda: democa.card_credentials(citizen, "pt-cc1").auth_certificate)
    application.ef(b"\xef\x08", lambda: democa.card_credentials(citizen, "pt-cc1").sign_certificate)
    application.ef(b"\xef\x10", lambda: democa.authority().sub_ca_certificate)
    application.ef(b"\xef\x0f", lambda: democa.authority().sub_ca_certificate)
    application.ef(b"\xef\x11", lambda: democa.authority().root_certificate)
    return CardImage(
        profile="pt-cc1",
        atr=ATR,
        protocol="T=1",
        mf=mf,
        applications={layout.AID: application},
        pins=pin_states(citizen),
        cplc=cplc(serial),
        key_loader=lambda: democa.card_credentials(citizen, "pt-cc1").card_keys(),
        extra={"applet_version": APPLET_VERSION},
    )
