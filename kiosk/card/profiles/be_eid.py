"""Belgian eID (applet 1.7 RSA 2048, applet 1.8 EC P-384): TLV files, one BCD PIN (cards.md §2)."""

from __future__ import annotations

import datetime
import hashlib

from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from kiosk.card.apdu import SW_OK, CardChannel, Command
from kiosk.card.errors import BadPinFormat, CorruptField, PinBlocked, UnexpectedStatus
from kiosk.card.identity import Address, AuthResult, Identity, Photo, PinKind, format_atr
from kiosk.card.profiles.der import read_der_file
from kiosk.card.profiles.fields import parse_date, utf8

BELPIC_AID = bytes.fromhex("A0 00 00 00 30 29 05 70 00 AD 13 10 01 01 FF")
IDENTITY_PATH = bytes.fromhex("DF014031")
IDENTITY_SIGNATURE_PATH = bytes.fromhex("DF014032")
ADDRESS_PATH = bytes.fromhex("DF014033")
# Signed over the address file followed by the identity signature file: a fingerprint of both.
ADDRESS_SIGNATURE_PATH = bytes.fromhex("DF014034")
PHOTO_PATH = bytes.fromhex("DF014035")
AUTH_CERT_PATH = bytes.fromhex("DF005038")
CA_CERT_PATH = bytes.fromhex("DF00503A")
ROOT_CERT_PATH = bytes.fromhex("DF00503B")
PKCS15_DF = bytes.fromhex("DF00")
PIN_REFERENCE = 0x01
AUTH_KEY_REFERENCE = 0x82
READ_CHUNK = 252  # eid-mw reads 252-byte chunks
WHERE_TO_UNBLOCK = "where.be"
PIN_MIN_LENGTH, PIN_MAX_LENGTH = 4, 12
CARD_DATA_LENGTH = 28
EXTENDED_CARD_DATA_LENGTH = 31
APPLET_1_8 = 0x18

IDENTITY_TAGS = {
    0x01: "card_number",
    0x02: "chip_number",
    0x03: "validity_begin",
    0x04: "validity_end",
    0x05: "issuing_municipality",
    0x06: "national_number",
    0x07: "surname",
    0x08: "first_names",
    0x09: "third_initial",
    0x0A: "nationality",
    0x0B: "birth_place",
    0x0C: "birth_date",
    0x0D: "gender",
    0x0E: "nobility",
    0x0F: "document_type",
    0x10: "special_status",
    0x11: "photo_hash",
}
BINARY_TAGS = {0x02, 0x11, 0x1A}
# Decoded on every identity read: the text fields an Identity carries, nothing else.
IDENTITY_TEXT_TAGS = {
    tag: name
    for tag, name in IDENTITY_TAGS.items()
    if tag not in BINARY_TAGS and name not in {"nobility", "document_type", "special_status"}
}
# Date of birth is written in the holder's language (cards.md §2.6): FR, NL and DE months.
MONTHS = {
    **dict.fromkeys(("JAN",), 1),
    **dict.fromkeys(("FEV", "FEB"), 2),
    **dict.fromkeys(("MARS", "MAAR", "MÄR", "MAR"), 3),
    **dict.fromkeys(("AVR", "APR"), 4),
    **dict.fromkeys(("MAI", "MEI"), 5),
    **dict.fromkeys(("JUIN", "JUN"), 6),
    **dict.fromkeys(("JUIL", "JUL"), 7),
    **dict.fromkeys(("AOUT", "AUG"), 8),
    **dict.fromkeys(("SEPT", "SEP"), 9),
    **dict.fromkeys(("OCT", "OKT"), 10),
    **dict.fromkeys(("NOV",), 11),
    **dict.fromkeys(("DEC", "DEZ"), 12),
}
BIRTH_MONTH_NAMES = {
    "fr": ("JAN", "FEV", "MARS", "AVR", "MAI", "JUIN", "JUIL", "AOUT", "SEPT", "OCT", "NOV", "DEC"),
    "nl": ("JAN", "FEB", "MAAR", "APR", "MEI", "JUN", "JUL", "AUG", "SEP", "OKT", "NOV", "DEC"),
    "de": ("JAN", "FEB", "MÄR", "APR", "MAI", "JUN", "JUL", "AUG", "SEP", "OKT", "NOV", "DEZ"),
}


def parse_tlv(data: bytes, field: str) -> dict[int, bytes]:
    """Fedict TLV: tag byte, length byte(s) where 0xFF means "add the next byte too"."""
    values: dict[int, bytes] = {}
    index = 0
    end = len(data)
    while index < end:
        tag = data[index]
        index += 1
        if tag == 0x00 and index > 1:
            break  # zero padding after the content
        if index >= end:
            raise CorruptField(field, "truncated length")
        length = data[index]
        index += 1
        if length == 0xFF:  # rare: values of 255 bytes or more
            while True:
                if index >= end:
                    raise CorruptField(field, "truncated length")
                part = data[index]
                index += 1
                length += part
                if part != 0xFF:
                    break
        if index + length > end:
            raise CorruptField(field, "value runs past the end")
        values[tag] = data[index : index + length]
        index += length
    return values


def encode_tlv(tag: int, value: bytes) -> bytes:
    length = len(value)
    prefix = b"\xff" * (length // 255) + bytes((length % 255,))
    return bytes((tag,)) + prefix + value


def parse_birth_date(text: str | None) -> datetime.date | None:
    if text is None:
        return None
    parts = text.replace(".", " ").split()
    if len(parts) != 3:
        raise CorruptField("birth_date", "not DD MMM YYYY")
    day, month_name, year = parts
    month = MONTHS.get(month_name.upper())
    if month is None or not day.isdigit() or not year.isdigit():
        raise CorruptField("birth_date", "unknown month or bad number")
    try:
        return datetime.date(int(year), month, int(day))
    except ValueError as error:
        raise CorruptField("birth_date", "impossible date") from error


def normalise_gender(text: str | None) -> str | None:
    if text is None:
        return None
    return {"M": "M", "F": "F", "V": "F", "W": "F"}.get(text.upper(), text)


def parse_identity(data: bytes, atr: bytes) -> Identity:
    raw = parse_tlv(data, "identity")
    text = {name: utf8(raw[tag], name) for tag, name in IDENTITY_TEXT_TAGS.items() if tag in raw}
    if not text.get("card_number"):
        raise CorruptField("document_number", "missing")
    given = " ".join(part for part in (text.get("first_names"), text.get("third_initial")) if part)
    return Identity(
        profile="be-eid",
        atr=format_atr(atr),
        document_number=text.get("card_number"),
        surname=text.get("surname"),
        given_names=given or None,
        sex=normalise_gender(text.get("gender")),
        nationality=text.get("nationality"),
        birth_date=parse_birth_date(text.get("birth_date")),
        birth_place=text.get("birth_place"),
        issue_date=parse_date(text.get("validity_begin"), "issue_date"),
        expiry_date=parse_date(text.get("validity_end"), "expiry_date"),
        issuing_entity=text.get("issuing_municipality"),
        civil_id=None,
        tax_id=None,
        social_security_id=None,
        health_id=None,
        national_number=text.get("national_number"),
        has_photo=bool(raw.get(0x11)),
    )


def parse_address(data: bytes) -> Address:
    raw = parse_tlv(data, "address")
    street = utf8(raw.get(0x01, b""), "street")
    postal_code = utf8(raw.get(0x02, b""), "postal_code")
    municipality = utf8(raw.get(0x03, b""), "municipality")
    if street is None or municipality is None:
        raise CorruptField("address", "street or municipality missing")
    second = " ".join(part for part in (postal_code, municipality) if part)
    return Address(
        country="BE",
        lines=(street, second),
        postal_code=postal_code,
        locality=municipality,
        municipality=municipality,
    )


def parse_photo(data: bytes) -> Photo:
    if not data.startswith(b"\xff\xd8"):
        raise CorruptField("photo", "not a JPEG image")
    return Photo(data, "image/jpeg")


def pin_block(pin: bytearray) -> bytearray:
    """GP format: 0x20 + length, BCD digits, F-padded, then 0xFF to 8 bytes."""
    if not (PIN_MIN_LENGTH <= len(pin) <= PIN_MAX_LENGTH) or not all(0x30 <= digit <= 0x39 for digit in pin):
        raise BadPinFormat(PIN_MIN_LENGTH, PIN_MAX_LENGTH)
    nibbles = bytearray(digit - 0x30 for digit in pin)
    if len(nibbles) % 2:
        nibbles.append(0x0F)
    block = bytearray(b"\xff" * 8)
    block[0] = 0x20 + len(pin)
    for index in range(0, len(nibbles), 2):
        block[1 + index // 2] = (nibbles[index] << 4) | nibbles[index + 1]
    nibbles[:] = bytes(len(nibbles))
    return block


class BeEidCard:
    profile = "be-eid"
    where_to_unblock = WHERE_TO_UNBLOCK

    def __init__(self, channel: CardChannel, atr: bytes) -> None:
        self.channel = channel
        self.atr = atr
        self._card_data: bytes | None = None

    def card_data(self) -> bytes:
        if self._card_data is None:
            data = self.channel.send(Command(0x80, 0xE4, 0x00, 0x00, le=CARD_DATA_LENGTH))
            if len(data) > 21 and data[21] >= APPLET_1_8:
                data = self.channel.send(Command(0x80, 0xE4, 0x00, 0x01, le=EXTENDED_CARD_DATA_LENGTH))
            self._card_data = data
        return self._card_data

    @property
    def applet_version(self) -> int:
        data = self.card_data()
        return data[21] if len(data) > 21 else 0

    def _read(self, path: bytes) -> bytes:
        self.channel.select_path(path)
        return self.channel.read_binary(chunk=READ_CHUNK)

    def read_identity(self) -> Identity:
        return parse_identity(self._read(IDENTITY_PATH), self.atr)

    def read_photo(self) -> Photo:
        return parse_photo(self._read(PHOTO_PATH))

    @property
    def address_needs_pin(self) -> bool:
        return False

    def read_address(self, pin: bytearray | None) -> Address:
        """Belgian addresses are read without a PIN; the PIN argument is not used."""
        return parse_address(self._read(ADDRESS_PATH))

    def pin_status(self, kind: PinKind) -> int:
        """Tries left of the one PIN: byte 28 of the extended card data (1.8) or GET PIN STATUS."""
        data = self.card_data()
        if len(data) > CARD_DATA_LENGTH:
            return data[CARD_DATA_LENGTH]
        response = self.channel.exchange(Command(0x80, 0xEA, 0x00, PIN_REFERENCE, le=1))
        if response.sw == SW_OK and response.data:
            return response.data[0]
        raise UnexpectedStatus(response.sw, "GET PIN STATUS")

    def verify_pin(self, pin: bytearray | None) -> None:
        """Verify ``pin``; None means the citizen types it on the reader's pinpad."""
        if pin is None:
            from kiosk.card.pinpad import verify_on_transport

            try:
                verify_on_transport(self.channel.transport, self.profile, PIN_REFERENCE, WHERE_TO_UNBLOCK)
            finally:
                self._card_data = None
            return
        block = pin_block(pin)
        try:
            self.channel.send_secret(
                bytes((0x00, 0x20, 0x00, PIN_REFERENCE)), block, where_to_unblock=WHERE_TO_UNBLOCK
            )
        finally:
            block[:] = bytes(len(block))
            self._card_data = None  # the tries counter in the card data changed

    def card_serial(self) -> bytes:
        return self.card_data()[:16]

    def security_object_digest(self) -> bytes:
        """SHA-256 of the address signature file (256 bytes on 1.7, 96 on 1.8).

        The RRN signs the address followed by the identity signature, and the identity file
        carries the photo hash: this one small file changes whenever identity, photo or
        address do, so it is the only one a cache check needs to read.
        """
        return hashlib.sha256(self._read(ADDRESS_SIGNATURE_PATH)).digest()

    def authenticate(self, challenge: bytes, pin: bytearray | None) -> AuthResult:
        if self.pin_status(PinKind.AUTHENTICATION) == 0:
            raise PinBlocked(WHERE_TO_UNBLOCK)
        ec_card = self.applet_version >= APPLET_1_8
        algorithm = 0x01 if ec_card else 0x08  # SHA-256 input, ECDSA or PKCS#1 v1.5
        self.channel.select_path(PKCS15_DF)
        # MSE before VERIFY, as the Belgian middleware does.
        self.channel.send(
            Command(0x00, 0x22, 0x41, 0xB6, bytes((0x04, 0x80, algorithm, 0x84, AUTH_KEY_REFERENCE)))
        )
        self.verify_pin(pin)
        digest = hashlib.sha256(challenge).digest()
        signature = self.channel.send(Command(0x00, 0x2A, 0x9E, 0x9A, digest, le=0))
        if ec_card:
            half = len(signature) // 2
            if not half:
                raise CorruptField("signature", "empty")
            signature = encode_dss_signature(
                int.from_bytes(signature[:half], "big"), int.from_bytes(signature[half:], "big")
            )
        chain = []
        for path in (AUTH_CERT_PATH, CA_CERT_PATH, ROOT_CERT_PATH):
            self.channel.select_path(path)
            chain.append(read_der_file(self.channel, "certificate"))
        return AuthResult(
            signature=signature,
            algorithm="ecdsa-sha256" if ec_card else "rsa-pkcs1v15-sha256",
            certificate_chain=tuple(chain),
        )
