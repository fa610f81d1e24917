"""Demo citizens: fictitious people, one TOML file each, who can be put on any emulated card."""

from __future__ import annotations

import datetime
import functools
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.card.identity import PROFILES, PinKind

CITIZENS_DIR = Path(__file__).parent / "citizen_data"

TEXT_FIELDS = (
    "surname",
    "given_names",
    "sex",
    "nationality",
    "birth_place",
    "document_number",
    "issuing_entity",
    "civil_id",
    "tax_id",
    "social_security_id",
    "health_id",
    "national_number",
    "father",
    "mother",
)
DATE_FIELDS = ("birth_date", "issue_date", "expiry_date")


class CitizenDataError(ValueError):
    """A citizen data file is missing a field or holds a wrong value."""


@dataclass(frozen=True)
class DemoCitizen:
    id: str
    profile: str
    display_name: str
    surname: str
    given_names: str
    sex: str
    nationality: str
    birth_date: datetime.date
    issue_date: datetime.date
    expiry_date: datetime.date
    document_number: str
    issuing_entity: str
    pins: dict[PinKind, str]
    address: dict[str, str]
    applet: str = ""
    birth_place: str = ""
    civil_id: str = ""
    tax_id: str = ""
    social_security_id: str = ""
    health_id: str = ""
    national_number: str = ""
    father: str = ""
    mother: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def pin(self, kind: PinKind) -> str:
        """The citizen's PIN of that kind; Belgian cards have one PIN for everything."""
        return self.pins.get(kind) or self.pins[PinKind.AUTHENTICATION]


def parse_citizen(raw: dict[str, Any], source: str) -> DemoCitizen:
    def text(name: str, required: bool = False) -> str:
        value = raw.get(name, "")
        if not isinstance(value, str) or (required and not value):
            raise CitizenDataError(f"{source}: `{name}` must be a non-empty string")
        return value

    def date(name: str) -> datetime.date:
        value = raw.get(name)
        if not isinstance(value, datetime.date):
            raise CitizenDataError(f"{source}: `{name}` must be a date such as 1985-03-15")
        return value

    profile = text("profile", required=True)
    if profile not in PROFILES:
        raise CitizenDataError(f"{source}: profile {profile!r} is not one of {', '.join(PROFILES)}")
    pins_raw = raw.get("pins", {})
    pins: dict[PinKind, str] = {}
    for kind in PinKind:
        value = pins_raw.get(kind.value)
        if value is None:
            continue
        if not (isinstance(value, str) and value.isdigit() and 4 <= len(value) <= 8):
            raise CitizenDataError(f"{source}: pins.{kind.value} must be 4 to 8 digits")
        pins[kind] = value
    if PinKind.AUTHENTICATION not in pins:
        raise CitizenDataError(f"{source}: pins.authentication is required")
    address = {key: str(value) for key, value in raw.get("address", {}).items()}
    values = {name: text(name) for name in TEXT_FIELDS}
    for name in ("surname", "given_names", "document_number"):
        if not values[name]:
            raise CitizenDataError(f"{source}: `{name}` must be a non-empty string")
    return DemoCitizen(
        id=text("id", required=True),
        profile=profile,
        display_name=f"{values['given_names']} {values['surname']}",
        birth_date=date("birth_date"),
        issue_date=date("issue_date"),
        expiry_date=date("expiry_date"),
        pins=pins,
        address=address,
        applet=text("applet") or ("1.7" if profile == "be-eid" else ""),
        **values,  # type: ignore[arg-type]
    )


def demo_citizens() -> list[DemoCitizen]:
    """Every demo citizen; "maria" (pt-cc1) comes first, then by id."""
    return list(_load_citizens())


@functools.cache
def _load_citizens() -> tuple[DemoCitizen, ...]:
    citizens = []
    for path in sorted(CITIZENS_DIR.glob("*.toml")):
        with path.open("rb") as handle:
            citizens.append(parse_citizen(tomllib.load(handle), path.name))
    order = {"maria": 0}
    return tuple(sorted(citizens, key=lambda citizen: (order.get(citizen.id, 1), citizen.id)))


def find_citizen(citizen_id: str) -> DemoCitizen:
    for citizen in demo_citizens():
        if citizen.id == citizen_id:
            return citizen
    known = ", ".join(citizen.id for citizen in demo_citizens())
    raise KeyError(f"no demo citizen {citizen_id!r}; known: {known}")
