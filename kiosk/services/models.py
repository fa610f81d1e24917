"""What the kiosk's screens get back from the core: plain frozen values, no client or printer objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from kiosk.i18n import text
from kiosk.money import format_money

if TYPE_CHECKING:
    # Only for types: importing kiosk.client brings httpx, and the screens import these values at start-up.
    from kiosk.client.models import IssuedDocument, StatusChange


@dataclass(frozen=True)
class PaymentInfo:
    """A Multibanco payment reference the person pays at an ATM or in their bank's app."""

    entity: str
    reference: str
    amount: Decimal
    """In euros; written for a person by :meth:`amount_in` (never the portal's Portuguese display text)."""
    status: str = "pending"

    def amount_in(self, language: str) -> str:
        """The amount as a person reads it in the language of the screen or the paper."""
        return format_money(self.amount, language)

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> PaymentInfo | None:
        if not data:
            return None
        return cls(
            entity=str(data.get("entity") or ""),
            reference=str(data.get("reference") or ""),
            amount=Decimal(int(data.get("amount_cents") or 0)) / 100,
            status=str(data.get("status") or "pending"),
        )


@dataclass(frozen=True)
class IssuedDocumentInfo:
    """A sealed document the portal issued: enough for a QR to the digital copy and for printing it again."""

    id: str
    title: str
    holder: str = field(repr=False)
    access_code: str | None = field(repr=False)
    """Given only when the document is issued; None in a later listing."""
    seal: str | None = field(repr=False)
    type: str = ""
    other_codes: tuple[tuple[str, str], ...] = field(default=(), repr=False)
    """(label, code) issued with it, printed beside the access code; like it, given only at issue."""

    @classmethod
    def from_issued(cls, document: IssuedDocument) -> IssuedDocumentInfo:
        return cls(
            document.id,
            document.title,
            document.holder,
            document.access_code,
            document.seal,
            document.type,
            tuple(document.other_codes.items()),
        )


@dataclass(frozen=True)
class Confirmation:
    """What the confirmation screen shows after a submission."""

    reference: str
    service_name: str
    status: str
    receipt_printed: bool
    documents_printed: int = 0
    """Certificates that came out of the printer (instant services)."""
    documents_waiting: int = 0
    """Certificates kept in the print journal for a reprint at the counter (printer fault)."""
    payment: PaymentInfo | None = None
    next_step_keys: tuple[str, ...] = ()
    """The text ids of what the person does or waits for now, one line each; written by :meth:`next_steps`
    in the language of the moment, so the page says them again, amount included, after a language switch."""
    status_url: str | None = None
    documents: tuple[IssuedDocumentInfo, ...] = ()

    def next_steps(self, language: str) -> str:
        """What happens next, in the language; an amount to pay is written the way that language writes it."""
        amount = self.payment.amount_in(language) if self.payment is not None else ""
        return "\n".join(text(language, key, amount=amount) for key in self.next_step_keys)

    @property
    def queued(self) -> bool:
        """The portal was away: the request waits in the kiosk's outbox under a provisional reference."""
        return self.status == "queued"


@dataclass(frozen=True)
class ApplicationInfo:
    """One of the signed-in person's applications, as the portal lists them."""

    reference: str
    service_code: str
    status: str
    created_at: str
    payment: PaymentInfo | None
    documents: tuple[IssuedDocumentInfo, ...]
    history: tuple[StatusChange, ...] = ()
    """Every status the application went through, oldest first."""
