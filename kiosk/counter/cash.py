"""Cash at the counter: which of the citizen's fees are still due, and the checks before the money is taken.

The portal settles (the change it computes is the one given back, and a repeated settlement never charges
twice); this module lists what is due from the citizen's applications, the payment groups (a life-event
bundle's one joint reference for several fees) among them, and checks what the clerk typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.counter.typed import TypedWrong
from kiosk.money import format_cents

if TYPE_CHECKING:
    from kiosk.client.staff_cash import GroupDue
    from kiosk.services.models import ApplicationInfo

_GROUP_REFERENCE = re.compile(r"^[0-9]{9}$")


@dataclass(frozen=True)
class DuePayment:
    application_reference: str
    service_code: str
    entity: str
    """The Multibanco entity and reference that name the payment at the portal."""
    reference: str
    due_cents: int

    def due_words(self, language: str) -> str:
        """What is due, written the way the clerk's screen language writes money (not the portal's display
        text, which is always Portuguese)."""
        return format_cents(self.due_cents, language)


def due_payments(applications: Iterable[ApplicationInfo]) -> list[DuePayment]:
    """The fees not yet paid, newest application first (the order the portal lists them)."""
    due = []
    for application in applications:
        payment = application.payment
        if payment is None or payment.status != "pending":
            continue
        due.append(
            DuePayment(
                application_reference=application.reference,
                service_code=application.service_code,
                entity=payment.entity,
                reference=payment.reference,
                due_cents=int(payment.amount * 100),
            )
        )
    return due


@dataclass(frozen=True)
class DueGroup:
    """A payment group still to pay: one Multibanco reference for the fees of several applications."""

    group: GroupDue

    @property
    def due_cents(self) -> int:
        return self.group.amount_cents

    def due_words(self, language: str) -> str:
        return format_cents(self.group.amount_cents, language)

    @property
    def reference(self) -> str:
        """The joint reference as the citizen's paper prints it: three groups of three digits."""
        digits = self.group.reference
        return " ".join(digits[start : start + 3] for start in range(0, len(digits), 3))

    def lines(self, language: str) -> list[tuple[str, str, str]]:
        """Each application it pays: (reference, service, fee in ``language``), in the group's order."""
        return [
            (
                item.application_reference,
                item.service_name or item.service_code,
                format_cents(item.amount_cents, language),
            )
            for item in self.group.items
        ]


CashChoice = DuePayment | DueGroup


def cash_choices(payments: Iterable[DuePayment], groups: Iterable[GroupDue]) -> list[CashChoice]:
    """What the clerk may take cash for: the pending groups first, then the fees no pending group pays.

    A fee that a group pays is taken with its group, never on its own: paid alone it would stop the whole
    joint reference (portal/payment_groups.py refuses a group with a member paid separately).
    """
    pending = [DueGroup(group) for group in groups if group.status == "pending"]
    in_groups = {item.application_reference for due in pending for item in due.group.items}
    alone = [payment for payment in payments if payment.application_reference not in in_groups]
    return [*pending, *alone]


def group_reference(typed: str) -> str:
    """A joint Multibanco reference as typed (``123 456 789``, ``123456789``): its nine digits."""
    cleaned = "".join(typed.split()).replace("-", "")
    if not cleaned:
        raise TypedWrong("counter.typed.group_reference_empty")
    if not _GROUP_REFERENCE.match(cleaned):
        raise TypedWrong("counter.typed.group_reference_shape", typed=typed.strip())
    return cleaned
