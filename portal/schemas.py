"""Request and response models of the published contract (the OpenAPI file is generated from these)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

UNSTORABLE_TEXT = "text_unstorable"
"""The pydantic error type of a string that a database cannot store (problems.py turns it into a 422)."""


def text_is_storable(text: str) -> bool:
    """Whether both databases store this text as it is: no NUL (PostgreSQL refuses it in text and JSON) and no
    lone surrogate (it is not valid UTF-8, so neither database, nor a JSON answer, can carry it)."""
    if "\x00" in text:
        return False
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def unstorable_path(value: Any, path: str = "") -> str | None:
    """The dotted path of the first string (key or value, at any depth) that cannot be stored, or None.

    An empty string means the value itself; `answers.items.1` the second item of the answer `items`.
    """
    if isinstance(value, str):
        return None if text_is_storable(value) else path
    if isinstance(value, dict):
        for key, item in value.items():
            inner = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and not text_is_storable(key):
                # The key itself cannot be named as it is; the field above it can.
                return path
            found = unstorable_path(item, inner)
            if found is not None:
                return found
        return None
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found = unstorable_path(item, f"{path}.{index}" if path else str(index))
            if found is not None:
                return found
    return None


class Strict(BaseModel):
    """Every request body of the API: unknown fields refused, and every string in it storable text.

    One check for every field of every body (nested answers included), so no route can pass a NUL or a lone
    surrogate on to the database, where it became a 500 instead of a 422 naming the field.
    """

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _storable_text(cls, value: Any) -> Any:
        where = unstorable_path(value)
        if where is not None:
            raise PydanticCustomError(
                UNSTORABLE_TEXT,
                "text with a NUL character or a lone surrogate cannot be stored",
                {"path": where},
            )
        return value


class Health(BaseModel):
    status: Literal["ok"]


class FieldErrorOut(BaseModel):
    field: str
    code: str
    message: str


class ProblemOut(BaseModel):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    instance: str | None = None
    detail: str | None = None
    errors: list[FieldErrorOut] | None = None


class TaxonOut(BaseModel):
    code: str
    name: str
    description: str
    bundle: list[str] = Field(
        default_factory=list,
        description="Life events: the services started together in one journey (one payment, one receipt)",
    )


class Fee(BaseModel):
    amount_cents: int
    currency: Literal["EUR"]
    display: str


class ServiceSummary(BaseModel):
    code: str
    name: str
    summary: str
    body: str
    fee: Fee
    assurance: Literal["none", "card"]
    fulfilment: Literal["instant", "pending", "confirmation"]
    life_events: list[str]
    themes: list[str]
    user_groups: list[str]
    keywords: str


class OptionOut(BaseModel):
    value: str
    label: str


class ConditionOut(BaseModel):
    field: str
    equals: list[str | bool]


class FieldOut(BaseModel):
    id: str
    type: str
    label: str
    hint: str | None
    required: bool
    options: list[OptionOut]
    validation: dict[str, Any]
    condition: ConditionOut | None
    from_card: str | None = None
    """The card identity key that answers this field (e.g. tax_id); a kiosk with that card does not ask it."""


class FormOut(BaseModel):
    fields: list[FieldOut]


class StartPageOut(BaseModel):
    what_it_does: str
    who_can_use: str
    what_you_need: list[str]
    how_long: str
    other_channels: list[str]


class ServiceDetail(ServiceSummary):
    document_type: str | None
    start_page: StartPageOut
    form: FormOut


class Representation(Strict):
    """Who a citizen acts for at a counter, as their legal representative."""

    kind: Literal["minor", "company"]
    identifier: str = Field(
        min_length=3, max_length=120, description="The minor's full name, or the company's 9-digit NIPC"
    )


class SubmitApplication(Strict):
    service_code: str = Field(max_length=60)
    answers: dict[str, Any] = Field(default_factory=dict)
    representing: Representation | None = Field(
        default=None,
        description="At a counter only: the citizen acts for a minor or a company; kept with the application",
    )


class PaymentOut(BaseModel):
    id: str
    entity: str
    reference: str
    amount_cents: int
    amount_display: str
    status: Literal["pending", "paid"]
    method: str | None


class DocumentOut(BaseModel):
    id: str
    type: str
    title: str
    holder: str
    fields: dict[str, str]
    access_code: str | None = Field(description="Shown once, when the document is issued")
    other_codes: dict[str, str] = Field(
        default_factory=dict,
        description="Other codes issued with it (label: code), such as a new company's permanent-certificate "
        "access code; like access_code, shown once, when the document is issued, and never stored in clear",
    )
    seal: str | None
    issued_at: dt.datetime
    expires_at: dt.datetime
    status: Literal["valid", "revoked", "expired"]


class HistoryEntry(BaseModel):
    status: str
    note: str
    at: dt.datetime


class ApplicationOut(BaseModel):
    id: str
    reference: str
    service_code: str
    status: str
    created_at: dt.datetime
    documents: list[DocumentOut]
    payment: PaymentOut | None
    history: list[HistoryEntry]
