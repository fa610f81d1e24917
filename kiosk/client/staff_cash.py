"""What the staff routes answer about money: a fee or a payment group settled in cash, and the drawer.

Read by :class:`kiosk.client.staff.StaffClient`. Amounts are in cents, as the portal sends them; the counter
writes them in the screen's language (kiosk/money.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kiosk.client.models import Submission


@dataclass(frozen=True)
class CashSettlement:
    payment_id: str
    amount_cents: int
    tendered_cents: int
    change_cents: int
    settled_at: str
    receipt_number: str
    service_name: str
    application_reference: str
    clerk: str
    place: str
    application: Submission
    """Fulfilled: its documents carry their access codes this once (None when the settlement was repeated)."""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CashSettlement:
        receipt = data.get("receipt") or {}
        return cls(
            payment_id=str(data["payment_id"]),
            amount_cents=int(data["amount_cents"]),
            tendered_cents=int(data["tendered_cents"]),
            change_cents=int(data["change_cents"]),
            settled_at=str(data.get("settled_at") or ""),
            receipt_number=str(receipt.get("number") or ""),
            service_name=str(receipt.get("service_name") or ""),
            application_reference=str(receipt.get("application_reference") or ""),
            clerk=str(receipt.get("clerk") or ""),
            place=str(receipt.get("place") or ""),
            application=Submission.from_json(data["application"]),
        )


@dataclass(frozen=True)
class GroupItem:
    application_reference: str
    service_code: str
    service_name: str
    amount_cents: int

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> GroupItem:
        return cls(
            application_reference=str(data["application_reference"]),
            service_code=str(data.get("service_code") or ""),
            service_name=str(data.get("service_name") or ""),
            amount_cents=int(data.get("amount_cents") or 0),
        )


@dataclass(frozen=True)
class GroupDue:
    """A payment group (a life-event bundle's joint reference): every application, its fee, the total."""

    id: str
    entity: str
    reference: str
    amount_cents: int
    status: str
    items: tuple[GroupItem, ...]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> GroupDue:
        return cls(
            id=str(data["id"]),
            entity=str(data["entity"]),
            reference=str(data["reference"]),
            amount_cents=int(data["amount_cents"]),
            status=str(data["status"]),
            items=tuple(GroupItem.from_json(item) for item in data.get("items") or ()),
        )


@dataclass(frozen=True)
class GroupCashSettlement:
    group_id: str
    amount_cents: int
    tendered_cents: int
    change_cents: int
    settled_at: str
    receipt_number: str
    clerk: str
    place: str
    lines: tuple[GroupItem, ...]
    applications: tuple[Submission, ...]
    """Fulfilled: their documents carry their access codes this once."""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> GroupCashSettlement:
        receipt = data.get("receipt") or {}
        return cls(
            group_id=str(data["group_id"]),
            amount_cents=int(data["amount_cents"]),
            tendered_cents=int(data["tendered_cents"]),
            change_cents=int(data["change_cents"]),
            settled_at=str(data.get("settled_at") or ""),
            receipt_number=str(receipt.get("number") or ""),
            clerk=str(receipt.get("clerk") or ""),
            place=str(receipt.get("place") or ""),
            lines=tuple(GroupItem.from_json(item) for item in receipt.get("lines") or ()),
            applications=tuple(Submission.from_json(item) for item in data.get("applications") or ()),
        )


@dataclass(frozen=True)
class DrawerClerk:
    staff_id: str
    name: str
    payments: int
    cash_cents: int
    tendered_cents: int
    change_cents: int


@dataclass(frozen=True)
class Drawer:
    date: str
    clerks: tuple[DrawerClerk, ...]
    payments: int
    cash_cents: int

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Drawer:
        return cls(
            date=str(data.get("date") or ""),
            clerks=tuple(
                DrawerClerk(
                    staff_id=str(row["staff_id"]),
                    name=str(row.get("name") or row["staff_id"]),
                    payments=int(row.get("payments") or 0),
                    cash_cents=int(row.get("cash_cents") or 0),
                    tendered_cents=int(row.get("tendered_cents") or 0),
                    change_cents=int(row.get("change_cents") or 0),
                )
                for row in data.get("clerks") or ()
            ),
            payments=int(data.get("payments") or 0),
            cash_cents=int(data.get("cash_cents") or 0),
        )
