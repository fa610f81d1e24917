"""What a card tells about its holder, as typed, immutable values.

Every profile parses into these same types, so the rest of the kiosk never needs to know
which card generation it is talking to.
"""

from __future__ import annotations

import datetime
import enum
import io
from dataclasses import dataclass, field, fields
from typing import Any

PROFILES = ("pt-cc1", "pt-cc2", "be-eid")


class PinKind(enum.StrEnum):
    """The PINs a citizen may be asked for, whatever reference the card gives them."""

    AUTHENTICATION = "authentication"
    SIGNATURE = "signature"
    ADDRESS = "address"


def format_atr(atr: bytes) -> str:
    return atr.hex(" ").upper()


@dataclass(frozen=True)
class Identity:
    """The text part of the identity; key names follow the card JSON contract in design.md."""

    profile: str
    atr: str
    document_number: str | None
    surname: str | None
    given_names: str | None
    sex: str | None
    nationality: str | None
    birth_date: datetime.date | None
    birth_place: str | None
    issue_date: datetime.date | None
    expiry_date: datetime.date | None
    issuing_entity: str | None
    civil_id: str | None
    tax_id: str | None
    social_security_id: str | None
    health_id: str | None
    national_number: str | None
    has_photo: bool

    def full_name(self) -> str:
        return " ".join(part for part in (self.given_names, self.surname) if part)

    def to_json_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for item in fields(self):
            value = getattr(self, item.name)
            result[item.name] = value.isoformat() if isinstance(value, datetime.date) else value
        return result


@dataclass(frozen=True)
class Address:
    """A postal address; ``lines`` is what a letter would carry, the rest is structured detail."""

    country: str
    lines: tuple[str, ...]
    postal_code: str | None = None
    locality: str | None = None
    municipality: str | None = None
    district: str | None = None
    foreign: bool = False
    details: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "country": self.country,
            "lines": list(self.lines),
            "postal_code": self.postal_code,
            "locality": self.locality,
            "municipality": self.municipality,
            "district": self.district,
            "foreign": self.foreign,
        }


@dataclass(frozen=True)
class Photo:
    """The holder's photo as stored on the card (JPEG 2000 or JPEG)."""

    data: bytes
    mime_type: str

    @property
    def extension(self) -> str:
        return ".jp2" if self.mime_type == "image/jp2" else ".jpg"

    def decode(self) -> Any:
        """Return a decoded ``PIL.Image.Image``; Pillow is imported only when asked."""
        from PIL import Image

        image = Image.open(io.BytesIO(self.data))
        image.load()
        return image


@dataclass(frozen=True)
class AuthResult:
    """A challenge signed with the authentication key, and the chain to check it."""

    signature: bytes
    algorithm: str  # "rsa-pkcs1v15-sha256" or "ecdsa-sha256" / "ecdsa-sha384" (signature DER-encoded)
    certificate_chain: tuple[bytes, ...]  # DER, the authentication certificate first
