"""The one money formatter (kiosk/money.py): each language writes euros its own way, on screen and on paper."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kiosk.money import format_cents, format_money


@pytest.mark.parametrize(
    ("cents", "portuguese", "english"),
    [
        (0, "0,00 €", "€0.00"),
        (5, "0,05 €", "€0.05"),
        (1250, "12,50 €", "€12.50"),
        (123450, "1 234,50 €", "€1,234.50"),
        (100000000, "1 000 000,00 €", "€1,000,000.00"),
        (-250, "-2,50 €", "-€2.50"),
    ],
)
def test_euros_in_each_language(cents: int, portuguese: str, english: str) -> None:
    assert format_cents(cents, "pt") == portuguese
    assert format_cents(cents, "en") == english
    assert format_money(Decimal(cents) / 100, "pt") == portuguese
    assert format_money(Decimal(cents) / 100, "en") == english


def test_a_regional_tag_is_its_language_and_anything_else_portuguese() -> None:
    assert format_cents(1250, "en-GB") == "€12.50"
    assert format_cents(1250, "pt-PT") == "12,50 €"
    assert format_cents(1250, "fr") == "12,50 €"
    assert format_money(Decimal("12.5"), "en") == "€12.50"
    assert format_money(Decimal("1.999"), "en") == "€2.00"  # to the cent
