"""The cash receipt: proof, on 80 mm paper, that a fee was paid in cash at a counter, with the change given."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from kiosk.money import format_money
from printing.documents.receipt import receipt_head
from printing.texts import format_datetime, normalise_language, text

if TYPE_CHECKING:
    from kiosk.client.staff_cash import CashSettlement, GroupCashSettlement


@dataclass(frozen=True)
class CashReceiptData:
    service_name: str
    application_reference: str
    payment_number: str
    """What was paid: the payment's entity and reference, as the portal names it."""
    amount: Decimal
    tendered: Decimal
    change: Decimal
    clerk: str
    place: str
    """The counter, as the citizen sees it named."""
    paid_at: datetime
    language: str
    lines: tuple[tuple[str, str, Decimal], ...] = ()
    """A payment group's applications: (reference, service, fee), each listed above the total."""


def cash_receipt_data(settlement: CashSettlement, language: str) -> CashReceiptData:
    """The receipt of a cash settlement as the portal answered it (StaffClient.settle_cash)."""
    return _receipt(settlement, language, settlement.service_name, settlement.application_reference)


def group_cash_receipt_data(settlement: GroupCashSettlement, language: str) -> CashReceiptData:
    """One receipt for a payment group paid in cash (StaffClient.settle_group_cash): every application's
    reference and fee, then the total, the cash handed over and the change."""
    return _receipt(
        settlement,
        language,
        " · ".join(dict.fromkeys(line.service_name for line in settlement.lines)),
        settlement.receipt_number,
        tuple(
            (line.application_reference, line.service_name, Decimal(line.amount_cents) / 100)
            for line in settlement.lines
        ),
    )


def _receipt(
    settlement: CashSettlement | GroupCashSettlement,
    language: str,
    service_name: str,
    reference: str,
    lines: tuple[tuple[str, str, Decimal], ...] = (),
) -> CashReceiptData:
    return CashReceiptData(
        service_name=service_name,
        application_reference=reference,
        payment_number=settlement.receipt_number,
        amount=Decimal(settlement.amount_cents) / 100,
        tendered=Decimal(settlement.tendered_cents) / 100,
        change=Decimal(settlement.change_cents) / 100,
        clerk=settlement.clerk,
        place=settlement.place,
        paid_at=datetime.fromisoformat(settlement.settled_at),
        language=language,
        lines=lines,
    )


def render_cash_receipt(data: CashReceiptData) -> bytes:
    """PDF bytes, 80 mm wide, as long as the content; the change stands out, as the clerk counts it out."""
    language = normalise_language(data.language)
    layout = receipt_head(text("cash.title", language), data.service_name, data.application_reference, language)
    layout.label_value(text("receipt.issued_at", language), format_datetime(data.paid_at))
    layout.label_value(text("receipt.location", language), data.place)
    layout.label_value(text("cash.clerk", language), data.clerk)
    layout.label_value(text("cash.payment", language), data.payment_number)
    layout.rule()
    for reference, service, fee in data.lines:
        layout.label_value(f"{reference} {service}", format_money(fee, language))
    layout.label_value(text("cash.due", language), format_money(data.amount, language), size=10)
    layout.label_value(text("cash.tendered", language), format_money(data.tendered, language), size=10)
    layout.space(2)
    layout.text(
        f"{text('cash.change', language)}: {format_money(data.change, language)}",
        size=13,
        bold=True,
        align="center",
    )
    layout.rule()
    layout.text(text("receipt.keep", language), size=8, align="center")
    return layout.render(
        title=f"{text('cash.title', language)} {data.application_reference}", subject=data.service_name
    )
