"""The application receipt: proof, on 80 mm paper, that the citizen's request was taken."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from reportlab.lib.units import mm

from kiosk.money import format_money
from printing.documents.roll import RollLayout
from printing.texts import format_datetime, normalise_language, text

STATUS_QR_SIZE = 32 * mm
"""Quiet zone included; about 0.8 mm modules for a typical status URL, easy for phones."""


@dataclass(frozen=True)
class PaymentReference:
    """A Multibanco-style payment reference: entity, reference and the amount it is bound to."""

    entity: str
    reference: str
    amount: Decimal


@dataclass(frozen=True)
class ReceiptData:
    service_name: str
    reference: str
    issued_at: datetime
    location: str
    """Where it was requested: the kiosk or the counter desk, as the citizen sees it named."""
    fee: Decimal | None
    """None when the service has no fee to show; Decimal(0) prints "free of charge"."""
    payment: PaymentReference | None
    next_steps: str
    status_url: str | None
    language: str


def _group_digits(value: str) -> str:
    """Payment references are read aloud and typed in threes: ``123 123 451``."""
    digits = value.replace(" ", "")
    return " ".join(digits[i : i + 3] for i in range(0, len(digits), 3))


def receipt_head(title: str, service_name: str, reference: str, language: str) -> RollLayout:
    """A roll that starts as every receipt does: its title, the service, and the reference in large type."""
    layout = RollLayout()
    layout.text(title, size=12, bold=True, align="center")
    layout.space(4)
    layout.text(service_name, size=11, bold=True, max_lines=3, min_size=8)
    layout.space(4)
    layout.text(text("receipt.reference", language), size=8, align="center")
    layout.text(reference, size=16, bold=True, align="center", max_lines=1, min_size=9)
    layout.space(4)
    return layout


def render_receipt(data: ReceiptData) -> bytes:
    """PDF bytes, 80 mm wide, as long as the content."""
    language = normalise_language(data.language)
    layout = receipt_head(text("receipt.title", language), data.service_name, data.reference, language)
    layout.label_value(text("receipt.issued_at", language), format_datetime(data.issued_at))
    layout.label_value(text("receipt.location", language), data.location)
    if data.fee is not None:
        fee = text("receipt.no_fee", language) if data.fee == 0 else format_money(data.fee, language)
        layout.label_value(text("receipt.fee", language), fee)
    if data.payment is not None:
        layout.rule()
        layout.text(text("receipt.payment", language), bold=True)
        layout.label_value(text("receipt.payment_entity", language), data.payment.entity)
        layout.label_value(text("receipt.payment_reference", language), _group_digits(data.payment.reference))
        layout.label_value(
            text("receipt.payment_amount", language), format_money(data.payment.amount, language)
        )
    if data.next_steps.strip():
        layout.rule()
        layout.text(text("receipt.next_steps", language), bold=True)
        layout.text(data.next_steps, size=8.5)
    if data.status_url:
        layout.rule()
        layout.text(text("receipt.status_online", language), bold=True, align="center")
        layout.space(2)
        layout.qr(data.status_url, STATUS_QR_SIZE, "M")
        layout.text(data.status_url, size=7, align="center")
    layout.rule()
    layout.text(text("receipt.keep", language), size=8, align="center")
    return layout.render(
        title=f"{text('receipt.title', language)} {data.reference}",
        subject=data.service_name,
    )
