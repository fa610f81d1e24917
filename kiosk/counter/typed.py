"""What a clerk types at the counter, checked before anything is sent: ticket numbers and cash amounts.

Each check answers the value in the form the portal wants, or raises :class:`TypedWrong` with the i18n key of a
plain message that says what a good value looks like (kiosk/i18n/*/counter.toml, keys ``counter.typed.*``).
Amounts in a message are written when it is shown, in the screen's language then (kiosk/money.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kiosk.money import format_cents

MAX_TENDERED_CENTS = 1_000_000
"""Ten thousand euros: more than that is surely a typing slip (an extra zero), never a payment at a desk."""

_TICKET = re.compile(r"^([A-Za-z])\s*-?\s*0*(\d{1,3})$")
_AMOUNT = re.compile(r"^(\d{1,7})(?:[.,](\d{1,2}))?$")


class Cents(int):
    """An amount among a message's values: written in euros in the language the message is shown in."""


class TypedWrong(ValueError):
    """A value the clerk typed that cannot be used; ``key`` names the message, ``values`` fill it."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def values_in(self, language: str) -> dict[str, object]:
        """The values to fill the message with on a screen in ``language`` (amounts in its way of writing them);
        a screen that switches language shows the same message again with these."""
        return {
            name: format_cents(value, language) if isinstance(value, Cents) else value
            for name, value in self.values.items()
        }


def ticket_number(typed: str, categories: Iterable[str]) -> str:
    """A ticket number as the queue writes it (``A023``) from what was typed (``a23``, ``A-023``, ``A 23``).

    The letter must be one of the desk's categories: a desk cannot call a ticket it does not serve.
    """
    cleaned = typed.strip()
    if not cleaned:
        raise TypedWrong("counter.typed.ticket_empty")
    found = _TICKET.match(cleaned)
    if found is None:
        raise TypedWrong("counter.typed.ticket_shape", typed=cleaned)
    prefix, digits = found.group(1).upper(), int(found.group(2))
    allowed = [category.upper() for category in categories]
    if prefix not in allowed:
        raise TypedWrong("counter.typed.ticket_category", prefix=prefix, categories=", ".join(allowed))
    if digits == 0:
        raise TypedWrong("counter.typed.ticket_shape", typed=cleaned)
    return f"{prefix}{digits:03d}"


def amount_cents(typed: str) -> int:
    """Euros as typed at a till (``20``, ``20,5``, ``20.50``, ``€ 20,50``) in cents."""
    cleaned = typed.strip().removeprefix("€").removesuffix("€").strip().replace(" ", "")
    if not cleaned:
        raise TypedWrong("counter.typed.amount_empty")
    found = _AMOUNT.match(cleaned)
    if found is None:
        raise TypedWrong("counter.typed.amount_shape", typed=typed.strip())
    euros, cents = found.group(1), (found.group(2) or "0").ljust(2, "0")
    total = int(euros) * 100 + int(cents)
    if total > MAX_TENDERED_CENTS:
        raise TypedWrong("counter.typed.amount_too_large", typed=typed.strip())
    return total


def tendered_cents(typed: str, due_cents: int) -> int:
    """What the citizen handed over, which must cover what is due."""
    tendered = amount_cents(typed)
    if tendered < due_cents:
        raise TypedWrong("counter.typed.amount_short", due=Cents(due_cents), tendered=Cents(tendered))
    return tendered
