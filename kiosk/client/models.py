"""What the kiosk reads from the Portal API, as typed values.

Written against the contract (docs/api/openapi.json), never imported from portal/: the two sides meet only
over HTTP, so a kiosk can talk to any portal that honours the contract.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class ServiceSummary:
    code: str
    name: str
    summary: str
    fee: Decimal | None
    assurance: str
    """'none' or 'card' (card and PIN)."""
    instant: bool
    has_required_fields: bool

    @property
    def quick(self) -> bool:
        """Can be requested at once, with no login and no questions."""
        return self.assurance == "none" and not self.has_required_fields

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ServiceSummary:
        fee = data.get("fee")
        return cls(
            code=str(data["code"]),
            name=str(data["name"]),
            summary=str(data.get("summary") or ""),
            fee=Decimal(str(fee)) if fee not in (None, "", 0, "0", "0.00") else None,
            assurance=str(data.get("assurance") or "none"),
            instant=bool(data.get("instant", False)),
            has_required_fields=bool(data.get("has_required_fields", False)),
        )


@dataclass(frozen=True)
class Submission:
    reference: str
    status: str
    service_code: str
    created_at: str
    payment: dict[str, Any] | None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Submission:
        return cls(
            reference=str(data["reference"]),
            status=str(data.get("status") or ""),
            service_code=str(data.get("service_code") or ""),
            created_at=str(data.get("created_at") or ""),
            payment=data.get("payment"),
        )
