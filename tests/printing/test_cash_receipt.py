"""The cash receipt, read back with poppler as a person reads the paper."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from reportlab.lib.units import mm

from kiosk.client.models import Submission
from kiosk.client.staff_cash import CashSettlement
from printing.documents.cash_receipt import CashReceiptData, cash_receipt_data, render_cash_receipt
from tests.printing.pdftools import page_sizes, pdf_text, word_boxes


@pytest.fixture
def cash() -> CashReceiptData:
    return CashReceiptData(
        service_name="Certificado de registo criminal",
        application_reference="2026-ABCD-EFGH",
        payment_number="21712 123456782",
        amount=Decimal("5.00"),
        tendered=Decimal("20.00"),
        change=Decimal("15.00"),
        clerk="Ana Balcão",
        place="Balcão Demo 1 - Loja do Cidadão Saldanha",
        paid_at=datetime(2026, 11, 23, 10, 5, tzinfo=UTC),
        language="pt",
    )


def words(text: str) -> str:
    """The receipt's text as one line: wrapping depends on the font, the words do not."""
    return " ".join(text.split())


def test_cash_receipt_shows_amount_tendered_and_change(cash: CashReceiptData, tmp_path: Path) -> None:
    pdf = render_cash_receipt(cash)
    printed = words(pdf_text(pdf, tmp_path))
    for expected in (
        "Recibo de pagamento em numerário",
        "Certificado de registo criminal",
        "2026-ABCD-EFGH",
        "Valor a pagar: 5,00 €",
        "Valor entregue: 20,00 €",
        "Troco: 15,00 €",
        "Atendido por: Ana Balcão",
        "Pagamento: 21712 123456782",
        "Data e hora 2026-11-23 10:05 (UTC+00:00)",  # too long for one line: the value goes below
    ):
        assert expected in printed
    ((width, _),) = page_sizes(pdf, tmp_path)
    assert width == pytest.approx(80 * mm, abs=0.1)
    (boxes,) = word_boxes(pdf, tmp_path)
    change = next(box for box in boxes if box.word == "Troco:")
    due = next(box for box in boxes if box.word == "pagar:")
    assert change.y_max - change.y_min > due.y_max - due.y_min  # the change stands out


def test_cash_receipt_in_english(cash: CashReceiptData, tmp_path: Path) -> None:
    printed = words(pdf_text(render_cash_receipt(dataclasses.replace(cash, language="en")), tmp_path))
    assert "Cash payment receipt" in printed
    assert "Change: €15.00" in printed
    assert "Cash handed over: €20.00" in printed
    assert "Troco" not in printed


def test_cash_receipt_from_the_portals_answer(tmp_path: Path) -> None:
    settlement = CashSettlement(
        payment_id="p1",
        amount_cents=2500,
        tendered_cents=5000,
        change_cents=2500,
        settled_at="2026-11-23T10:05:00+00:00",
        receipt_number="21712 987654321",
        service_name="Company certificate",
        application_reference="2026-WXYZ-2345",
        clerk="Ana Balcão",
        place="Counter 1",
        application=Submission("2026-WXYZ-2345", "completed", "COMPANY-CERT", "", None),
    )
    data = cash_receipt_data(settlement, "en")
    assert (data.amount, data.tendered, data.change) == (Decimal("25"), Decimal("50"), Decimal("25"))
    printed = words(pdf_text(render_cash_receipt(data), tmp_path))
    assert "Change: €25.00" in printed
    assert "2026-WXYZ-2345" in printed
