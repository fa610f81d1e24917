"""Request and response models of the published contract (the OpenAPI file is generated from these)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


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


class SubmitApplication(Strict):
    service_code: str = Field(max_length=60)
    answers: dict[str, Any] = Field(default_factory=dict)


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
