"""Portuguese Cartão de Cidadão 2.0 (IAS v5) over the contact interface: ECDSA P-256.

Identity data lives in the "national data" application (DG13 in 010D, photo in 0102); PINs,
keys and certificates in the "eID" application (cards.md §1.3, §1.5, §1.9).
"""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from kiosk.card.apdu import CardChannel, Command
from kiosk.card.errors import CorruptField, FileNotFound, PinBlocked
from kiosk.card.identity import Address, Identity, Photo, PinKind
from kiosk.card.profiles import tlv
from kiosk.card.profiles.fields import utf8
from kiosk.card.profiles.pt_cc1 import parse_address
from kiosk.card.profiles.pt_common import PtCard, portuguese_identity

NATIONAL_DATA_AID = bytes.fromhex("604632FF000005")
EID_AID = bytes.fromhex("604632FF000004")
ID_FILE = bytes.fromhex("010D")
PHOTO_FILE = bytes.fromhex("0102")
SOD_FILE = bytes.fromhex("011D")
AUTH_CERT_PATH = bytes.fromhex("5F00EF02")
SIGN_CERT_PATH = bytes.fromhex("5F00EF04")
# Where the emulator keeps the CA chain: the sources hard-code only the two card certificates.
SUB_CA_PATH = bytes.fromhex("5F00EF10")
ROOT_CA_PATH = bytes.fromhex("5F00EF11")
ADDRESS_FILE_PATH = bytes.fromhex("5F00EF05")
AUTH_KEY_REFERENCE = 0x06
SIGNATURE_KEY_REFERENCE = 0x08

DG13_TAG = 0x6D
SEQUENCE_TAG = 0x30
DG13_FIELDS = {
    0xC0: "issuing_entity",
    0xC1: "issuing_state",
    0xC2: "document_type",
    0xC3: "document_number",
    0xC4: "document_version",
    0xC5: "issue_date",
    0xC6: "request_place",
    0xC7: "expiry_date",
    0xC8: "surname",
    0xC9: "given_names",
    0xCA: "sex",
    0xCB: "nationality",
    0xCC: "birth_date",
    0xCD: "height",
    0xD0: "civil_id",
    0xD1: "father_surname",
    0xD2: "father_given_names",
    0xD3: "mother_surname",
    0xD4: "mother_given_names",
    0xD5: "tax_id",
    0xD6: "social_security_id",
    0xD7: "health_id",
    0xD8: "accidental_indications",
}
PHOTO_TAG = b"\x5f\x2e\x82"
PHOTO_HEADERS = 14 + 20 + 12  # facial record header, facial information, image information


# The fields an Identity carries: only these are decoded on the identity read's hot path.
IDENTITY_TAGS = {
    tag: name
    for tag, name in DG13_FIELDS.items()
    if name in {
        "issuing_entity", "document_number", "issue_date", "expiry_date", "surname", "given_names",
        "sex", "nationality", "birth_date", "civil_id", "tax_id", "social_security_id", "health_id",
    }
}  # fmt: skip


def dg13_values(data: bytes, wanted: dict[int, str] = DG13_FIELDS) -> dict[str, str | None]:
    """The text fields of DG13 (those in ``wanted``): tag 6D around a SEQUENCE of UTF8Strings."""
    outer = tlv.iterate(data, "id_file")
    if not outer or outer[0][0] != DG13_TAG:
        raise CorruptField("id_file", "no DG13 tag 6D")
    content = outer[0][1]
    items = tlv.iterate(content, "id_file")
    if len(items) == 1 and items[0][0] == SEQUENCE_TAG:
        items = tlv.iterate(items[0][1], "id_file")
    values: dict[str, str | None] = dict.fromkeys(DG13_FIELDS.values())
    for tag, value in items:
        name = wanted.get(tag)
        if name is not None:
            values[name] = utf8(value, name)
    return values


def parse_id_file(data: bytes, atr: bytes, has_photo: bool) -> Identity:
    values = dg13_values(data, IDENTITY_TAGS)
    if not values["document_number"]:
        raise CorruptField("document_number", "missing")
    return portuguese_identity("pt-cc2", atr, values, has_photo)


def parse_photo(data: bytes) -> Photo:
    """DG2: the image starts after the 5F 2E header and 46 bytes of ISO 19794-5 headers."""
    position = data.find(PHOTO_TAG)
    if position < 0 or position + 5 > len(data):
        raise CorruptField("photo", "no 5F2E image tag")
    length = int.from_bytes(data[position + 3 : position + 5], "big")
    start = position + 5 + PHOTO_HEADERS
    end = position + 5 + length
    if length < PHOTO_HEADERS or end > len(data):
        raise CorruptField("photo", "image length runs past the file")
    image = data[start:end]
    if image.startswith(b"\xff\xd8"):
        return Photo(image, "image/jpeg")
    if image.startswith(b"\x00\x00\x00\x0cjP  ") or image.startswith(b"\xff\x4f"):
        return Photo(image, "image/jp2")
    raise CorruptField("photo", "unknown image format")


class PtCc2Card(PtCard):
    profile = "pt-cc2"
    application = NATIONAL_DATA_AID
    pin_application = EID_AID
    auth_key_reference = AUTH_KEY_REFERENCE
    auth_algorithm = 0x44  # ECDSA with SHA-256
    auth_algorithm_name = "ecdsa-sha256"
    certificate_paths = (AUTH_CERT_PATH, SUB_CA_PATH, ROOT_CA_PATH)

    def __init__(self, channel: CardChannel, atr: bytes) -> None:
        super().__init__(channel, atr)

    def _select_national(self, fid: bytes) -> None:
        self.select_data_application()
        self.channel.select_fid(fid)

    def read_identity(self) -> Identity:
        self._select_national(ID_FILE)
        data = self.channel.read_binary()
        try:
            self.channel.select_fid(PHOTO_FILE)
            has_photo = True
        except FileNotFound:
            has_photo = False
        return parse_id_file(data, self.atr, has_photo)

    def read_photo(self) -> Photo:
        self._select_national(PHOTO_FILE)
        return parse_photo(self.channel.read_binary())

    def select_security_object(self) -> None:
        self._select_national(SOD_FILE)

    def read_address_file(self) -> Address:
        self.select_pin_application()
        self.channel.select_path(ADDRESS_FILE_PATH)
        return parse_address(self.channel.read_binary(1146))

    def read_address(self, pin: bytearray | None) -> Address:
        # The address sits in the eID application, beside the PIN; no reselect between.
        if self.pin_status(PinKind.ADDRESS) == 0:
            raise PinBlocked(self.where_to_unblock)
        self.verify_pin(PinKind.ADDRESS, pin)
        return self.read_address_file()

    def finish_signature(self, signature: bytes) -> bytes:
        """The card answers raw r || s; verifiers (and X.509 tooling) want DER."""
        if len(signature) % 2 or not signature:
            raise CorruptField("signature", "odd length")
        half = len(signature) // 2
        r = int.from_bytes(signature[:half], "big")
        s = int.from_bytes(signature[half:], "big")
        # Forget the verified state afterwards, as the middleware does (VERIFY with P1=FF).
        self.channel.exchange(Command(0x00, 0x20, 0xFF, 0x81, le=0))
        return encode_dss_signature(r, s)
