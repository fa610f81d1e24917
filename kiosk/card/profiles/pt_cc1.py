"""Portuguese Cartão de Cidadão, first generation (IAS07 / GemSafe applet, RSA).

Layouts from cards.md §1.3-1.6. The ID file EF02 is 15.5 KB, but the text part is only its
first 1372 bytes: that is all an identity read fetches.
"""

from __future__ import annotations

from kiosk.card.apdu import CardChannel
from kiosk.card.errors import CorruptField
from kiosk.card.identity import Address, Identity, Photo
from kiosk.card.profiles.fields import fixed_text
from kiosk.card.profiles.pt_common import PtCard, portuguese_identity

AID = bytes.fromhex("604632FF000002")
ID_FILE_PATH = bytes.fromhex("5F00EF02")
ADDRESS_FILE_PATH = bytes.fromhex("5F00EF05")
SOD_FILE_PATH = bytes.fromhex("5F00EF06")
AUTH_CERT_PATH = bytes.fromhex("5F00EF09")
AUTH_SUBCA_PATH = bytes.fromhex("5F00EF10")
ROOT_CA_PATH = bytes.fromhex("5F00EF11")
AUTH_KEY_REFERENCE = 0x02
SIGNATURE_KEY_REFERENCE = 0x01

ID_FILE_SIZE = 15500
ID_TEXT_LENGTH = 1372
PHOTO_OFFSET = 1503  # the CBEFF header; the JPEG 2000 image starts 80 bytes later
PHOTO_HEADERS_LENGTH = 1583 - 1503

# (field, offset, length) in EF02, from the middleware's CardPteidDef.h.
ID_LAYOUT: tuple[tuple[str, int, int], ...] = (
    ("issuing_entity", 0, 40),
    ("country", 40, 80),
    ("document_type", 120, 34),
    ("document_number", 154, 28),
    ("document_number_pan", 182, 32),
    ("document_version", 214, 16),
    ("issue_date", 230, 20),
    ("request_place", 250, 60),
    ("expiry_date", 310, 20),
    ("surname", 330, 120),
    ("given_names", 450, 120),
    ("sex", 570, 2),
    ("nationality", 572, 6),
    ("birth_date", 578, 20),
    ("height", 598, 8),
    ("civil_id", 606, 18),
    ("mother_surname", 624, 120),
    ("mother_given_names", 744, 120),
    ("father_surname", 864, 120),
    ("father_given_names", 984, 120),
    ("tax_id", 1104, 18),
    ("social_security_id", 1122, 22),
    ("health_id", 1144, 18),
    ("accidental_indications", 1162, 120),
    ("mrz1", 1282, 30),
    ("mrz2", 1312, 30),
    ("mrz3", 1342, 30),
)

ADDRESS_COMMON = (("type", 0, 2), ("country", 2, 4))
ADDRESS_NATIONAL = (
    ("district_code", 6, 4),
    ("district", 10, 100),
    ("municipality_code", 110, 8),
    ("municipality", 118, 100),
    ("civil_parish_code", 218, 12),
    ("civil_parish", 230, 100),
    ("street_type_abbreviation", 330, 20),
    ("street_type", 350, 100),
    ("street_name", 450, 200),
    ("building_type_abbreviation", 650, 20),
    ("building_type", 670, 100),
    ("door", 770, 20),
    ("floor", 790, 40),
    ("side", 830, 40),
    ("place", 870, 100),
    ("locality", 970, 100),
    ("zip4", 1070, 8),
    ("zip3", 1078, 6),
    ("postal_locality", 1084, 50),
    ("generated_number", 1134, 12),
)
ADDRESS_FOREIGN = (
    ("country_description", 6, 100),
    ("street", 106, 300),
    ("city", 406, 100),
    ("region", 506, 100),
    ("locality", 606, 100),
    ("postal_code", 706, 100),
    ("generated_number", 806, 12),
)
ADDRESS_FILE_SIZE = 1146


# Only the fields an Identity carries are decoded on the hot path of an identity read.
IDENTITY_FIELDS = frozenset(
    {
        "issuing_entity", "document_number", "issue_date", "expiry_date", "surname",
        "given_names", "sex", "nationality", "birth_date", "civil_id", "tax_id",
        "social_security_id", "health_id",
    }
)  # fmt: skip
ID_TEXT_LAYOUT = tuple(item for item in ID_LAYOUT if item[0] in IDENTITY_FIELDS)


def parse_fixed(data: bytes, layout: tuple[tuple[str, int, int], ...]) -> dict[str, str | None]:
    return {name: fixed_text(data, offset, length, name) for name, offset, length in layout}


def parse_id_text(data: bytes, atr: bytes) -> Identity:
    """Parse the text part of EF02 (its first 1372 bytes) into an Identity."""
    if len(data) < ID_TEXT_LENGTH:
        raise CorruptField("id_file", f"{len(data)} bytes, expected {ID_TEXT_LENGTH}")
    values = parse_fixed(data, ID_TEXT_LAYOUT)
    if not values["document_number"]:
        raise CorruptField("document_number", "empty")
    # Every CC1 ID file carries the photo after the text part (cards.md §1.4).
    return portuguese_identity("pt-cc1", atr, values, has_photo=True)


def parse_address(data: bytes) -> Address:
    """Parse EF05: a national (type "N") or foreign (type "I") address."""
    common = parse_fixed(data, ADDRESS_COMMON)
    kind = common["type"]
    if kind == "N":
        values = parse_fixed(data, ADDRESS_NATIONAL)
        street = " ".join(
            part for part in (values["street_type"], values["street_name"], values["door"]) if part
        )
        unit = " ".join(part for part in (values["floor"], values["side"]) if part)
        postal = "-".join(part for part in (values["zip4"], values["zip3"]) if part) or None
        lines = [street + (f", {unit}" if unit else "")]
        if values["place"]:
            lines.append(values["place"])
        lines.append(" ".join(part for part in (postal, values["postal_locality"]) if part))
        return Address(
            country=common["country"] or "PT",
            lines=tuple(line for line in lines if line),
            postal_code=postal,
            locality=values["locality"],
            municipality=values["municipality"],
            district=values["district"],
            foreign=False,
            details={key: value for key, value in values.items() if value},
        )
    if kind == "I":
        values = parse_fixed(data, ADDRESS_FOREIGN)
        foreign_lines: list[str | None] = [
            values["street"],
            " ".join(p for p in (values["postal_code"], values["city"]) if p),
        ]
        if values["region"]:
            foreign_lines.append(values["region"])
        if values["country_description"]:
            foreign_lines.append(values["country_description"])
        return Address(
            country=common["country"] or "",
            lines=tuple(line for line in foreign_lines if line),
            postal_code=values["postal_code"],
            locality=values["locality"] or values["city"],
            municipality=values["city"],
            district=values["region"],
            foreign=True,
            details={key: value for key, value in values.items() if value},
        )
    raise CorruptField("address_type", f"unknown address type {kind!r}")


def parse_photo(data: bytes) -> Photo:
    """Parse EF02 from the CBEFF header on: the JPEG 2000 image after 80 bytes of headers."""
    if len(data) < PHOTO_HEADERS_LENGTH + 12 or data[:2] != b"\x7f\x61":
        raise CorruptField("photo", "no CBEFF header")
    image = data[PHOTO_HEADERS_LENGTH:].rstrip(b"\x00")
    if not image.startswith(b"\x00\x00\x00\x0cjP  \r\n\x87\n") and not image.startswith(b"\xff\x4f"):
        raise CorruptField("photo", "not a JPEG 2000 image")
    return Photo(image, "image/jp2")


def cbeff_length(header: bytes) -> int | None:
    """Total length of the CBEFF record from its first bytes (7F 61 82 LL LL), when stated."""
    if len(header) >= 5 and header[:2] == b"\x7f\x61" and header[2] == 0x82:
        return int.from_bytes(header[3:5], "big") + 5
    return None


class PtCc1Card(PtCard):
    profile = "pt-cc1"
    application = AID
    auth_key_reference = AUTH_KEY_REFERENCE
    auth_algorithm = 0x42  # SHA-256, PKCS#1 v1.5
    auth_algorithm_name = "rsa-pkcs1v15-sha256"
    certificate_paths = (AUTH_CERT_PATH, AUTH_SUBCA_PATH, ROOT_CA_PATH)

    def __init__(self, channel: CardChannel, atr: bytes) -> None:
        super().__init__(channel, atr)

    def read_identity(self) -> Identity:
        self.channel.select_path(ID_FILE_PATH)
        return parse_id_text(self.channel.read_binary(ID_TEXT_LENGTH), self.atr)

    def read_photo(self) -> Photo:
        self.channel.select_path(ID_FILE_PATH)
        header = self.channel.read_binary(5, offset=PHOTO_OFFSET)
        total = cbeff_length(header)
        remaining = None if total is None else max(total - len(header), 0)
        rest = self.channel.read_binary(remaining, offset=PHOTO_OFFSET + len(header))
        return parse_photo(header + rest)

    def select_security_object(self) -> None:
        self.channel.select_path(SOD_FILE_PATH)

    def read_address_file(self) -> Address:
        self.channel.select_path(ADDRESS_FILE_PATH)
        return parse_address(self.channel.read_binary(ADDRESS_FILE_SIZE))
