"""What the kiosk reads from the Portal API, as typed values.

Written against the contract (docs/api/openapi.json), never imported from portal/: the two sides meet only
over HTTP, so a kiosk can talk to any portal that honours the contract.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


def _texts(value: object) -> tuple[str, ...]:
    """A JSON list of texts as a tuple; anything else (missing, null) as an empty one."""
    if not isinstance(value, list | tuple):
        return ()
    return tuple(str(item) for item in value)


@dataclass(frozen=True)
class ServiceSummary:
    code: str
    name: str
    summary: str
    fee: Decimal | None
    """In euros; None when the service is free. Written for a person by kiosk.money in the screen's language
    (the portal's own display text is Portuguese only, so the kiosk never shows it)."""
    assurance: str
    """'none' or 'card' (card and PIN)."""
    fulfilment: str
    """'instant' (documents at once), 'pending' or 'confirmation' (a later step by the citizen)."""
    body: str = ""
    """The responsible public body, in the language asked for."""
    life_events: tuple[str, ...] = ()
    """Codes of the life events the service belongs to (search and browsing)."""
    themes: tuple[str, ...] = ()
    user_groups: tuple[str, ...] = ()
    keywords: str = ""
    """Extra words a person may search with, in the language asked for."""

    @property
    def instant(self) -> bool:
        return self.fulfilment == "instant"

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ServiceSummary:
        fee = data.get("fee") or {}
        cents = int(fee.get("amount_cents") or 0)
        return cls(
            code=str(data["code"]),
            name=str(data["name"]),
            summary=str(data.get("summary") or ""),
            fee=Decimal(cents) / 100 if cents else None,
            assurance=str(data.get("assurance") or "none"),
            fulfilment=str(data.get("fulfilment") or "pending"),
            body=str(data.get("body") or ""),
            life_events=_texts(data.get("life_events")),
            themes=_texts(data.get("themes")),
            user_groups=_texts(data.get("user_groups")),
            keywords=str(data.get("keywords") or ""),
        )


@dataclass(frozen=True)
class Option:
    """One answer a choice field offers: the stable value sent back and the label a person reads."""

    value: str
    label: str

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Option:
        return cls(str(data["value"]), str(data.get("label") or data["value"]))


def _decimal_or_none(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _int_or_none(value: object) -> int | None:
    return None if value is None else int(str(value))


@dataclass(frozen=True)
class Rules:
    """Validation on top of the field type, as the contract's "validation" object gives it."""

    min_length: int | None = None
    max_length: int | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    pattern: str | None = None
    pattern_error: str | None = None
    """Error code used when the pattern does not match (default field.pattern)."""
    past_only: bool = False

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Rules:
        data = data or {}
        return cls(
            min_length=_int_or_none(data.get("min_length")),
            max_length=_int_or_none(data.get("max_length")),
            minimum=_decimal_or_none(data.get("minimum")),
            maximum=_decimal_or_none(data.get("maximum")),
            pattern=str(data["pattern"]) if data.get("pattern") else None,
            pattern_error=str(data["pattern_error"]) if data.get("pattern_error") else None,
            past_only=bool(data.get("past_only")),
        )


@dataclass(frozen=True)
class Condition:
    """Ask a field only when an earlier answer (or one item of a list answer) is one of these values."""

    field: str
    equals: tuple[str | bool, ...]

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Condition | None:
        if not data:
            return None
        return cls(
            str(data["field"]),
            tuple(item if isinstance(item, bool) else str(item) for item in data.get("equals") or ()),
        )


@dataclass(frozen=True)
class FormField:
    """One question of a service's form, in the language the service was fetched in."""

    id: str
    type: str
    label: str
    required: bool
    hint: str | None = None
    options: tuple[Option, ...] = ()
    rules: Rules = field(default_factory=Rules)
    condition: Condition | None = None
    from_card: str | None = None
    """A key of the card identity contract (tax_id, birth_date, address...) whose value answers this field."""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FormField:
        return cls(
            id=str(data["id"]),
            type=str(data["type"]),
            label=str(data.get("label") or ""),
            required=bool(data.get("required")),
            hint=str(data["hint"]) if data.get("hint") else None,
            options=tuple(Option.from_json(item) for item in data.get("options") or ()),
            rules=Rules.from_json(data.get("validation")),
            condition=Condition.from_json(data.get("condition")),
            from_card=str(data["from_card"]) if data.get("from_card") else None,
        )

    def option_label(self, value: str) -> str:
        """The label of a choice value (the value itself when the form does not know it)."""
        return next((option.label for option in self.options if option.value == value), value)


@dataclass(frozen=True)
class StartPage:
    """What the start page of a service tells before anything is asked (GOV.UK start page pattern)."""

    what_it_does: str
    who_can_use: str
    what_you_need: tuple[str, ...]
    how_long: str
    other_channels: tuple[str, ...]

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> StartPage | None:
        if not data:
            return None
        return cls(
            what_it_does=str(data.get("what_it_does") or ""),
            who_can_use=str(data.get("who_can_use") or ""),
            what_you_need=_texts(data.get("what_you_need")),
            how_long=str(data.get("how_long") or ""),
            other_channels=_texts(data.get("other_channels")),
        )


@dataclass(frozen=True)
class ServiceDetail:
    summary: ServiceSummary
    fields: tuple[FormField, ...]
    start_page: StartPage | None = None
    document_type: str | None = None
    """Code of the document issued when the application completes, if any."""

    @property
    def has_required_fields(self) -> bool:
        return any(field.required for field in self.fields)

    @property
    def code(self) -> str:
        return self.summary.code

    @property
    def name(self) -> str:
        return self.summary.name

    @property
    def body(self) -> str:
        return self.summary.body

    @property
    def life_events(self) -> tuple[str, ...]:
        return self.summary.life_events

    @property
    def themes(self) -> tuple[str, ...]:
        return self.summary.themes

    @property
    def user_groups(self) -> tuple[str, ...]:
        return self.summary.user_groups

    @property
    def keywords(self) -> str:
        return self.summary.keywords

    def field(self, field_id: str) -> FormField:
        """The form field with this id (KeyError when the form has none)."""
        for item in self.fields:
            if item.id == field_id:
                return item
        raise KeyError(field_id)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ServiceDetail:
        form = data.get("form") or {}
        return cls(
            summary=ServiceSummary.from_json(data),
            fields=tuple(FormField.from_json(item) for item in form.get("fields") or ()),
            start_page=StartPage.from_json(data.get("start_page")),
            document_type=str(data["document_type"]) if data.get("document_type") else None,
        )


@dataclass(frozen=True)
class IssuedDocument:
    """A document the portal issued, with its seal text and (only at issue) its access code."""

    id: str
    type: str
    title: str
    holder: str
    fields: dict[str, str]
    access_code: str | None = field(repr=False)
    seal: str | None = field(repr=False)
    issued_at: str
    expires_at: str
    other_codes: dict[str, str] = field(default_factory=dict, repr=False)
    """Codes issued with it, by label (a new company's certificate code); like access_code, only at issue."""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> IssuedDocument:
        return cls(
            id=str(data["id"]),
            type=str(data.get("type") or ""),
            title=str(data.get("title") or ""),
            holder=str(data.get("holder") or ""),
            fields={str(k): str(v) for k, v in (data.get("fields") or {}).items()},
            access_code=data.get("access_code"),
            seal=data.get("seal"),
            issued_at=str(data.get("issued_at") or ""),
            expires_at=str(data.get("expires_at") or ""),
            other_codes={str(k): str(v) for k, v in (data.get("other_codes") or {}).items()},
        )


@dataclass(frozen=True)
class StatusChange:
    """One step of an application's history: the status it moved to, when (ISO 8601), and the office's note."""

    status: str
    at: str
    note: str = ""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StatusChange:
        return cls(str(data.get("status") or ""), str(data.get("at") or ""), str(data.get("note") or ""))


@dataclass(frozen=True)
class Submission:
    reference: str
    status: str
    service_code: str
    created_at: str
    payment: dict[str, Any] | None
    documents: tuple[IssuedDocument, ...] = ()
    history: tuple[StatusChange, ...] = ()
    """Oldest first, as the portal lists it."""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Submission:
        return cls(
            reference=str(data["reference"]),
            status=str(data.get("status") or ""),
            service_code=str(data.get("service_code") or ""),
            created_at=str(data.get("created_at") or ""),
            payment=data.get("payment"),
            documents=tuple(IssuedDocument.from_json(item) for item in data.get("documents") or ()),
            history=tuple(StatusChange.from_json(item) for item in data.get("history") or ()),
        )


@dataclass(frozen=True)
class Challenge:
    challenge_id: str
    challenge: bytes

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Challenge:
        return cls(str(data["challenge_id"]), base64.b64decode(data["challenge"]))


@dataclass(frozen=True)
class CitizenLogin:
    session_token: str = field(repr=False)
    given_names: str
    surname: str

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CitizenLogin:
        person = data.get("person") or {}
        return cls(
            str(data["session_token"]), str(person.get("given_names", "")), str(person.get("surname", ""))
        )


@dataclass(frozen=True)
class Taxon:
    """A life event, theme or user group, in the language it was read in."""

    code: str
    name: str
    description: str
    bundle: tuple[str, ...] = ()
    """Life events: the services started together in one journey (kiosk/journey/bundle.py); often empty."""

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Taxon:
        return cls(
            code=str(data["code"]),
            name=str(data.get("name") or ""),
            description=str(data.get("description") or ""),
            bundle=_texts(data.get("bundle")),
        )
