"""Cash at the counter: which of the citizen's fees are still due, and the checks before the money is taken.

The portal settles (the change it computes is the one given back, and a repeated settlement never charges
twice); this module lists what is due from the citizen's applications and checks the amount handed over.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.services.models import ApplicationInfo


@dataclass(frozen=True)
class DuePayment:
    application_reference: str
    service_code: str
    entity: str
    """The Multibanco entity and reference that name the payment at the portal."""
    reference: str
    due_cents: int
    due_display: str


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
                due_display=payment.amount_display,
            )
        )
    return due
