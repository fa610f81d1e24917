"""Euros as a person reads them, in the language of the screen or the paper: the one money formatter.

Portuguese ``1 234,50 €`` (a space between thousands, a comma before the cents, the sign after), English
``€1,234.50``. The kiosk's pages, the counter's cash screens and the printed receipts and reports all write
money through here, so a clerk's English screen never shows a Portuguese amount and the paper matches the
screen. Pure: no I/O, importable by printing as well.
"""

from __future__ import annotations

from decimal import Decimal


def format_money(amount: Decimal, language: str) -> str:
    """An amount in euros: ``1 234,50 €`` in Portuguese (and any language other than English), ``€1,234.50``."""
    quantised = abs(amount).quantize(Decimal("0.01"))
    grouped = f"{quantised:,.2f}"
    sign = "-" if amount < 0 else ""
    if language.split("-", 1)[0].split("_", 1)[0].lower() == "en":
        return f"{sign}€{grouped}"
    return sign + grouped.replace(",", " ").replace(".", ",") + " €"


def format_cents(cents: int, language: str) -> str:
    """An amount the portal sends in cents, written as :func:`format_money` writes euros."""
    return format_money(Decimal(cents).scaleb(-2), language)
