"""What the kiosk reads from the Portal API, as typed values.

Written against the contract (docs/api/openapi.json), never imported from portal/: the two sides meet only
over HTTP, so a kiosk can talk to any portal that honours the contract.
"""

from __future__ import annotations

import base64
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
    """In euros; None when the service is free."""
    fee_display: str
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
            fee_display=str(fee.get("display") or ""),
            assurance=str(data.get("assurance") or "none"),
            fulfilment=str(data.get("fulfilment") or "pending"),
            body=str(data.get("body") or ""),
            life_events=_texts(data.get("life_events")),
            themes=_texts(data.get("themes")),
            user_groups=_texts(data.get("user_groups")),
            keywords=str(data.get("keywords") or ""),
        )


@dataclass(frozen=True)
class FormField:
    id: str
    type: str
    label: str
    required: bool


@dataclass(frozen=True)
class ServiceDetail:
    summary: ServiceSummary
    fields: tuple[FormField, ...]

    @property
    def has_required_fields(self) -> bool:
        return any(field.required for field in self.fields)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ServiceDetail:
        form = data.get("form") or {}
        return cls(
            summary=ServiceSummary.from_json(data),
            fields=tuple(
                FormField(str(f["id"]), str(f["type"]), str(f.get("label") or ""), bool(f.get("required")))
                for f in form.get("fields", [])
            ),
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
        )


@dataclass(frozen=True)
class Submission:
    reference: str
    status: str
    service_code: str
    created_at: str
    payment: dict[str, Any] | None
    documents: tuple[IssuedDocument, ...] = ()

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Submission:
        return cls(
            reference=str(data["reference"]),
            status=str(data.get("status") or ""),
            service_code=str(data.get("service_code") or ""),
            created_at=str(data.get("created_at") or ""),
            payment=data.get("payment"),
            documents=tuple(IssuedDocument.from_json(item) for item in data.get("documents") or ()),
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
