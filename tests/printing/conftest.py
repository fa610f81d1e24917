"""Shared data for the printing tests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from printing.documents.receipt import PaymentReference, ReceiptData, render_receipt
from printing.fonts import find_font_dir
from tests.helpers import require
from tests.printing.print_stack import PrintStack, running_stack


@pytest.fixture
def unicode_fonts() -> None:
    """Tests of names in any script need the embedded DejaVu fonts (Debian fonts-dejavu-core)."""
    require(find_font_dir() is not None, "DejaVu fonts (Debian package fonts-dejavu-core)")


@pytest.fixture
def receipt_data() -> ReceiptData:
    return ReceiptData(
        service_name="Certidão de registo criminal",
        reference="PT-2026-000123",
        issued_at=datetime(2026, 11, 23, 10, 5, tzinfo=UTC),
        location="Quiosque K-01, Loja do Cidadão Laranjeiras",
        fee=Decimal("5.00"),
        payment=PaymentReference(entity="90150", reference="123123451", amount=Decimal("432.11")),
        next_steps="O certificado fica disponível em 2 dias úteis.",
        status_url="https://portal.example.pt/status/ABCD-1234",
        language="pt",
    )


@pytest.fixture(scope="module")
def print_stack() -> Iterator[PrintStack]:
    """One hermetic CUPS + ippeveprinter stack per test module."""
    yield from running_stack()


@pytest.fixture
def pdf(receipt_data: ReceiptData) -> bytes:
    return render_receipt(receipt_data)
